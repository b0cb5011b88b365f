namespace PrintFarm.Farm.Storage;

/// <summary>One line of the append-only audit log: who did what, to what, and when.</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    /// <summary>For example <c>job.assigned</c>, <c>printer.bed-cleared</c>, <c>demand.created</c>.</summary>
    public required string Action { get; init; }

    /// <summary>For example <c>job:42</c>, <c>printer:lab-mk3-01</c>.</summary>
    public required string Subject { get; init; }

    public string Details { get; init; } = "";
}
