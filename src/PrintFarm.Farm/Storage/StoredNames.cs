using System.Collections.Concurrent;
using System.Text;

namespace PrintFarm.Farm.Storage;

/// <summary>Enum values as stored text: <c>NeedsBedClear</c> is <c>needs-bed-clear</c>.</summary>
internal static class StoredNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of<T>(T value) where T : struct, Enum => Names.GetOrAdd(value, v => Kebab(v.ToString()));

    public static T Parse<T>(string text) where T : struct, Enum =>
        Parsed<T>.Values.TryGetValue(text, out var value) ? value : Enum.Parse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);

    /// <summary>Stored text to value, built once per enum: reading 25,000 rows parses their states without reflection.</summary>
    private static class Parsed<T> where T : struct, Enum
    {
        public static readonly Dictionary<string, T> Values = Enum.GetValues<T>().ToDictionary(v => Of(v), v => v, StringComparer.Ordinal);
    }

    private static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                builder.Append('-');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
