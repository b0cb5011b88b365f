using PrintFarm.Daemon.Serve.Printers;
using PrintFarm.Farm.Printers;
using PrintFarm.Printing.Protocol;

namespace PrintFarm.Daemon.Serve.Api;

/// <summary>A printer as the API shows it: the stored record and the link's live status.</summary>
public sealed record PrinterView(
    string Id,
    string Name,
    PrinterState State,
    string Site,
    string Node,
    string Owner,
    OwnerKind OwnerKind,
    LinkKind Link,
    CapabilitiesView Capabilities,
    TemperaturesView? Temperatures,
    PrinterJobView? Job,
    long? BedJobId,
    TrackRecordView TrackRecord,
    string? Message)
{
    public static PrinterView From(Printer p, LiveSnapshot? live)
    {
        ArgumentNullException.ThrowIfNull(p);
        PrinterJobView? job = p.CurrentJobId is { } jobId
            ? new PrinterJobView(jobId, live?.JobId == jobId ? Math.Round(live.Progress, 4) : 0)
            : null;
        return new PrinterView(p.Id, p.Name, p.State, p.Site, p.Node, p.Owner, p.OwnerKind, p.LinkKind,
            new CapabilitiesView(p.Capabilities.BedXMm, p.Capabilities.BedYMm, p.Capabilities.NozzleMm, p.Capabilities.Material, p.Capabilities.Profile),
            TemperaturesView.From(live?.Temperatures), job, p.BedJobId,
            new TrackRecordView(p.TrackRecord.JobsDone, p.TrackRecord.JobsFailed, p.TrackRecord.Parts),
            live?.Message);
    }
}

public sealed record CapabilitiesView(double BedXMm, double BedYMm, double NozzleMm, string Material, string Profile);

public sealed record PrinterJobView(long Id, double Progress);

public sealed record TrackRecordView(int JobsDone, int JobsFailed, long Parts);

public sealed record TemperatureView(double Actual, double? Target);

/// <summary>Hotend and bed; null until the printer first reports.</summary>
public sealed record TemperaturesView(TemperatureView? Tool0, TemperatureView? Bed)
{
    public static TemperaturesView? From(TemperatureReport? report)
    {
        if (report is null)
            return null;
        return new TemperaturesView(
            report.Tool0 is { } t ? new TemperatureView(t.Actual, t.Target) : null,
            report.Bed is { } b ? new TemperatureView(b.Actual, b.Target) : null);
    }
}
