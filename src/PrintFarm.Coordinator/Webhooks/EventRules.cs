using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>The rules a webhook and an e-mail recipient share: the event kinds they ask for, and their filters.</summary>
internal static class EventRules
{
    /// <summary>One or more known kinds, each once; <paramref name="what"/> names the thing asking (<c>a webhook</c>).</summary>
    public static IReadOnlyList<string> Kinds(IReadOnlyList<string>? events, string what)
    {
        if (events is not { Count: > 0 })
            throw new FarmValidationException($"{what} needs events: one or more of {WebhookEvent.ValidKinds}");
        foreach (var kind in events)
        {
            if (!WebhookEvent.Kinds.Contains(kind, StringComparer.Ordinal))
                throw new FarmValidationException($"\"{TextRules.Printable(kind)}\" is not one of {WebhookEvent.ValidKinds}");
        }
        return events.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A filter: 1 to 200 plain characters, trimmed, or null for none.</summary>
    public static string? Filter(string? value, string name, string what)
    {
        if (value is null)
            return null;
        var v = value.Trim();
        if (v.Length is 0 or > 200 || !TextRules.IsPlain(v))
            throw new FarmValidationException($"{what}'s {name} filter is 1 to 200 plain characters, or left out");
        return v;
    }
}
