namespace PrintFarm.Farm.Designs;

/// <summary>An open-source design, such as a face-shield frame, with its licence and approval.</summary>
public sealed record Design
{
    /// <summary>Short stable id, for example <c>ear-saver</c>.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Licence { get; init; }

    public required string SourceUrl { get; init; }

    /// <summary>For example <c>face-shield</c>, <c>ear-saver</c>, <c>door-opener</c>.</summary>
    public required string Category { get; init; }

    public ApprovalStatus Approval { get; init; } = ApprovalStatus.Pending;

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The maker whose upload made the design, or null for a design that staff made.</summary>
    public string? Owner { get; init; }
}
