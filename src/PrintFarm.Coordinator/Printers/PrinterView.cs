using PrintFarm.Coordinator.Live;
using PrintFarm.Farm.Printers;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Printers;

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
