namespace PrintFarm.Printing.Protocol;

/// <summary>One sensor of a temperature report: <c>tool0</c>, <c>tool1</c>, <c>bed</c>, <c>chamber</c>, <c>probe</c>, <c>ambient</c>.</summary>
public readonly record struct TemperatureReading(string Sensor, double Actual, double? Target);
