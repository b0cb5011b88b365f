using Microsoft.AspNetCore.Http;
using PrintFarm.Farm;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Api;

/// <summary>Typed query-string filters; a bad value is a 400 naming the parameter and the allowed values.</summary>
internal static class Query
{
    public static string? Text(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    public static T? Enum<T>(HttpRequest request, string name) where T : struct, System.Enum
    {
        var text = Text(request, name);
        if (text is null)
            return null;
        return WireNames.TryParse<T>(text, out var value) ? value
            : throw new FarmValidationException($"{name} \"{text}\" is not one of {string.Join(", ", System.Enum.GetValues<T>().Select(v => WireNames.Of(v)))}");
    }

    /// <summary>A comma-separated list of enum values, as <c>state=queued,printing</c>.</summary>
    public static IReadOnlyList<T> Enums<T>(HttpRequest request, string name) where T : struct, System.Enum
    {
        var text = Text(request, name);
        if (text is null)
            return [];
        var values = new List<T>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            values.Add(WireNames.TryParse<T>(part, out var value) ? value
                : throw new FarmValidationException($"{name} \"{part}\" is not one of {string.Join(", ", System.Enum.GetValues<T>().Select(v => WireNames.Of(v)))}"));
        }
        return values;
    }

    /// <summary>A time, as <c>since=2026-12-01</c> (midnight UTC) or a full ISO 8601 time with its offset.</summary>
    public static DateTimeOffset? Time(HttpRequest request, string name)
    {
        var text = Text(request, name);
        if (text is null)
            return null;
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var value)
            ? value : throw new FarmValidationException($"{name} \"{text}\" is not a date or time (use 2026-12-01 or 2026-12-01T08:00:00+01:00)");
    }
}
