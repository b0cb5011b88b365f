using PrintFarm.Farm;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Requesters;

namespace PrintFarm.Coordinator.Requesters;

/// <summary>
/// A demand, or a count at a node, may only name a requester the farm knows (<see cref="IFarmReader.ListRequestersAsync"/>),
/// so a typo (<c>Hospital Clinc</c>) is refused instead of opening a line of its own that nobody will ever collect. A new
/// requester is created through <c>POST /api/requesters</c> or the config file's <c>requesters</c>.
/// </summary>
internal static class KnownRequesters
{
    /// <summary>The known requester of that name; null for a missing name or stock, which the farm's own rules answer.</summary>
    public static async Task<Requester?> RequireAsync(IFarmReader reader, string? requester, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(requester) || LedgerKey.IsStockName(requester))
            return null;
        var known = await reader.ListRequestersAsync(ct).ConfigureAwait(false);
        var name = requester.Trim();
        return known.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal))
               ?? throw new FarmValidationException($"unknown requester \"{TextRules.Printable(requester)}\"; known requesters: "
                                                    + $"{(known.Count == 0 ? "none yet" : string.Join(", ", known.Select(r => r.Name)))}. "
                                                    + "Create it first (POST /api/requesters) or pick one of these");
    }

    /// <summary>
    /// The kind a demand for <paramref name="requester"/> is entered with: the one given, else the requester's own. A created
    /// requester's demands carry its kind; another is refused.
    /// </summary>
    public static RequesterKind KindFor(Requester? requester, RequesterKind? given)
    {
        if (requester is { CreatedBy.Length: > 0 } && given is { } kind && kind != requester.Kind)
            throw new FarmValidationException($"requester {requester.Name} is a {Wire.WireNames.Of(requester.Kind)}, not a {Wire.WireNames.Of(kind)}; "
                                              + "leave requesterKind out to take the requester's own");
        return given ?? requester?.Kind ?? RequesterKind.Hospital;
    }
}
