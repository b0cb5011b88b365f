using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrintFarm.Daemon.Serve;

/// <summary>
/// States and kinds on the wire and in the config are lower-case words joined by hyphens:
/// <c>needs-bed-clear</c>, <c>care-home</c>. One naming for JSON bodies, query strings and config values.
/// </summary>
public static class WireNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    public static string Of<T>(T value) where T : struct, Enum => Policy.ConvertName(value.ToString());

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value
            : throw new ArgumentException($"\"{text}\" is not one of {string.Join(", ", Enum.GetValues<T>().Select(v => Of(v)))}");

    /// <summary>The API's JSON: camelCase properties, hyphenated lower-case enums, no nulls dropped.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(Policy, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return options;
    }
}
