using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Forecasting;

/// <summary>An online printer as the forecast sees it: what it can print and when it is next free.</summary>
public sealed record ForecastPrinter(PrinterCapabilities Capabilities, DateTimeOffset FreeAt);
