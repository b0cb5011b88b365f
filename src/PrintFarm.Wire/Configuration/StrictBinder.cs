using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace PrintFarm.Wire.Configuration;

/// <summary>
/// Binds a config to its options strictly, for the coordinator's and the agent's files alike: every key must be one
/// the options have (a typo is never ignored), every value must convert. Each problem names its key the way the file
/// spells it (<c>printers[0].port</c>), never the binder's <c>Printers:0:Port</c> or a C# type name.
/// </summary>
public static partial class StrictBinder
{
    /// <param name="refuse">Makes the exception that carries the problems, all of them at once.</param>
    /// <param name="typeNames">How to name an options type in a message (<c>AgentPrinterConfig</c> → <c>printer</c>).</param>
    public static T Bind<T>(IConfiguration configuration, Func<IReadOnlyList<string>, Exception> refuse, IReadOnlyDictionary<string, string>? typeNames = null)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(refuse);
        var unknown = new List<string>();
        CheckKeys(configuration, typeof(T), "", unknown);
        if (unknown.Count > 0)
            throw refuse(unknown);
        var options = new T();
        try
        {
            configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw refuse([Explain(ex, typeNames)]);
        }
        return options;
    }

    /// <summary>Every key must be a settable property of the options; lists and maps are checked item by item.</summary>
    private static void CheckKeys(IConfiguration section, Type type, string path, List<string> problems)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var at = Join(path, child.Key);
            if (!properties.TryGetValue(child.Key, out var property))
            {
                problems.Add($"{at}: unknown key (known: {string.Join(", ", properties.Keys.Select(Camel))})");
                continue;
            }
            var name = Join(path, Camel(property.Name));
            if (ItemType(property.PropertyType) is { } item)
            {
                foreach (var element in child.GetChildren())
                    CheckKeys(element, item, IsList(property.PropertyType) ? $"{name}[{element.Key}]" : $"{name}.{element.Key}", problems);
            }
            else if (IsOptions(property.PropertyType))
                CheckKeys(child, property.PropertyType, name, problems);
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>);

    /// <summary>The options type of a list's or a map's items, when they are options (not strings or numbers).</summary>
    private static Type? ItemType(Type type)
    {
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        var item = definition == typeof(List<>) ? type.GetGenericArguments()[0]
            : definition == typeof(Dictionary<,>) ? type.GetGenericArguments()[1]
            : null;
        return item is not null && IsOptions(item) ? item : null;
    }

    private static bool IsOptions(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Explain(InvalidOperationException ex, IReadOnlyDictionary<string, string>? typeNames)
    {
        if (ConversionFailure().Match(ex.Message) is { Success: true } failed)
        {
            var expected = failed.Groups[3].Value switch
            {
                "System.Double" => "a number",
                "System.Int32" or "System.Int64" => "a whole number",
                "System.Boolean" => "true or false",
                var other => other,
            };
            return $"{KeyPath(failed.Groups[2].Value)}: \"{failed.Groups[1].Value}\" is not {expected}";
        }
        var message = ex.InnerException?.Message is { } inner ? $"{ex.Message} ({inner})" : ex.Message;
        message = message.Replace("Error: ", "", StringComparison.Ordinal);
        message = BinderPath().Replace(message, m => $"at '{KeyPath(m.Groups[1].Value)}'");
        foreach (var (type, name) in typeNames ?? new Dictionary<string, string>())
            message = message.Replace(type, name, StringComparison.Ordinal);
        return message;
    }

    /// <summary><c>Printers:0:Port</c> → <c>printers[0].port</c>.</summary>
    public static string KeyPath(string binderPath)
    {
        ArgumentNullException.ThrowIfNull(binderPath);
        var sb = new StringBuilder();
        foreach (var part in binderPath.Split(':'))
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit))
                sb.Append('[').Append(part).Append(']');
            else if (part.Length > 0)
            {
                if (sb.Length > 0)
                    sb.Append('.');
                sb.Append(char.ToLowerInvariant(part[0])).Append(part.AsSpan(1));
            }
        }
        return sb.ToString();
    }

    [GeneratedRegex("Failed to convert configuration value '(.*)' at '([^']+)' to type '([^']+)'")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex("at '([^']+)'")]
    private static partial Regex BinderPath();
}
