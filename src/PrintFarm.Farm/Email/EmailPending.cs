namespace PrintFarm.Farm.Email;

/// <summary>One event waiting to go out to one recipient, as the line its message will carry.</summary>
public sealed record EmailPending
{
    public long Id { get; init; }

    public long RecipientId { get; init; }

    public required string Kind { get; init; }

    public required string EventId { get; init; }

    /// <summary>The event in one line of plain text.</summary>
    public required string Summary { get; init; }

    public DateTimeOffset At { get; init; }
}

/// <summary>What one recipient has waiting of one kind: how many, since when, and when that kind last went out to it.</summary>
public sealed record EmailQueueLine(long RecipientId, string Kind, int Count, DateTimeOffset FirstAt, DateTimeOffset? LastSent);
