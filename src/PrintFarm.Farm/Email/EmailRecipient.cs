namespace PrintFarm.Farm.Email;

/// <summary>
/// An address told of the farm's events by e-mail: which kinds, and for which site, maker (owner) or requester only.
/// A maker's own address always carries their owner name, so it hears only of their printers.
/// </summary>
public sealed record EmailRecipient
{
    public long Id { get; init; }

    public required string Address { get; init; }

    /// <summary>The event kinds it takes (<c>printer.needs-bed-clear</c>, <c>demand.met</c>, ...).</summary>
    public required IReadOnlyList<string> Events { get; init; }

    public string? Site { get; init; }

    public string? Owner { get; init; }

    public string? Requester { get; init; }

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
