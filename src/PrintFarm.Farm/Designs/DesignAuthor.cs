namespace PrintFarm.Farm.Designs;

/// <summary>
/// Who adds a design or a variant. Staff add to any design; a maker only to a design of their own that is still pending.
/// </summary>
/// <param name="Actor">As in the audit log, for example <c>maker:joan</c>.</param>
/// <param name="IsStaff">Staff or admin.</param>
/// <param name="Owner">The maker's owner name; null for staff.</param>
public sealed record DesignAuthor(string Actor, bool IsStaff, string? Owner)
{
    public static DesignAuthor Staff(string actor) => new(actor, true, null);

    public static DesignAuthor Maker(string actor, string owner) => new(actor, false, owner);

    /// <summary>Whether this author may add a variant to <paramref name="design"/>.</summary>
    public bool MayAddTo(Design design)
    {
        ArgumentNullException.ThrowIfNull(design);
        return IsStaff || (design.Approval == ApprovalStatus.Pending && Owner is not null && string.Equals(design.Owner, Owner, StringComparison.Ordinal));
    }
}
