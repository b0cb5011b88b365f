using PrintFarm.Farm.Designs;

namespace PrintFarm.Coordinator.Designs;

public sealed record DesignView(string Id, string Name, string Licence, string SourceUrl, string Category, ApprovalStatus Approval,
    DateTimeOffset CreatedAt, IReadOnlyList<VariantView>? Variants, string? Owner = null)
{
    public static DesignView From(Design d, IReadOnlyList<Variant>? variants)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new DesignView(d.Id, d.Name, d.Licence, d.SourceUrl, d.Category, d.Approval, d.CreatedAt, variants?.Select(VariantView.From).ToList(), d.Owner);
    }
}

public sealed record VariantView(string Id, string DesignId, string Sha256, string Profile, string Material, double NozzleMm,
    double MinBedXMm, double MinBedYMm, int PartsPerPlate, double EstimatedSeconds, string AddedBy = "", bool Approved = false, string? ApprovedBy = null)
{
    public static VariantView From(Variant v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new VariantView(v.Id, v.DesignId, v.Sha256, v.Profile, v.Material, v.NozzleMm, v.MinBedXMm, v.MinBedYMm, v.PartsPerPlate, v.EstimatedTime.TotalSeconds,
            v.AddedBy, v.IsApproved, v.ApprovedBy);
    }
}

public sealed record NewDesignRequest
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Licence { get; init; }

    public string? SourceUrl { get; init; }

    public string? Category { get; init; }

    public ApprovalStatus? Approval { get; init; }
}

public sealed record DesignPatch
{
    public ApprovalStatus? Approval { get; init; }
}

public sealed record VariantPatch
{
    /// <summary>True approves the variant's file to print for demands; approval is not taken back (withdraw the design).</summary>
    public bool? Approved { get; init; }
}
