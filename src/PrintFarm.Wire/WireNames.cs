using System.Text.Json;
using System.Text.Json.Serialization;
namespace PrintFarm.Wire;

/// <summary>
/// States and kinds on the wire and in the config are lower-case words joined by hyphens:
/// <c>needs-bed-clear</c>, <c>care-home</c>. One naming for JSON bodies, query strings and config values.
/// </summary>
public static class WireNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    public static string Of<T>(T value) where T : struct, Enum => Names<T>.ByValue.TryGetValue(value, out var name) ? name : Policy.ConvertName(value.ToString());

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(text) && Names<T>.ByName.TryGetValue(text.Trim(), out value);
    }

    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new ArgumentException($"\"{text}\" is not one of {WireEnumConverter.ValidNames<T>()}");

    /// <summary>The API's JSON: camelCase properties, hyphenated lower-case enums, no nulls dropped.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new WireEnumConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return options;
    }

    /// <summary>Each enum's wire names, worked out once: parsing a state is on the path of every request and MQTT message.</summary>
    private static class Names<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().ToDictionary(v => v, v => Policy.ConvertName(v.ToString()));

        public static readonly Dictionary<string, T> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }
}
