namespace PrintFarm.Farm.Printers;

/// <summary>One registered printer and its live state.</summary>
public sealed record Printer
{
    public required string Id { get; init; }

    /// <summary>What people call it, for example <c>Prusa by the window</c>; the id when none is given.</summary>
    public string Name { get; init; } = "";

    public required OwnerKind OwnerKind { get; init; }

    /// <summary>The maker's or lab's name.</summary>
    public required string Owner { get; init; }

    /// <summary>Where it stands; the heating limit is per site.</summary>
    public required string Site { get; init; }

    /// <summary>The collection node its parts go to.</summary>
    public required string Node { get; init; }

    public required LinkKind LinkKind { get; init; }

    /// <summary>Port (<c>/dev/ttyUSB0</c>, <c>tcp://host:port</c>) or agent id.</summary>
    public required string LinkAddress { get; init; }

    public required PrinterCapabilities Capabilities { get; init; }

    public PrinterState State { get; init; } = PrinterState.Offline;

    /// <summary>The job assigned to it or running on it.</summary>
    public long? CurrentJobId { get; init; }

    /// <summary>The job whose output is on the bed, waiting for the bed-clear report.</summary>
    public long? BedJobId { get; init; }

    public TrackRecord TrackRecord { get; init; } = new();

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Ready, bed clear and no job: the dispatcher may give it one.</summary>
    public bool IsFree => State == PrinterState.Ready && CurrentJobId is null;
}
