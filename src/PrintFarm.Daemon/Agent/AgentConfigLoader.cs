using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace PrintFarm.Daemon.Agent;

/// <summary>
/// Reads the agent's JSON file, then <c>PRINTFARM_AGENT__...</c> environment variables over it
/// (<c>PRINTFARM_AGENT__BROKER</c>, <c>PRINTFARM_AGENT__PRINTERS__0__PORT</c>), binds strictly (an unknown key is an
/// error) and validates. Every problem is reported at once, each naming its key.
/// </summary>
public static partial class AgentConfigLoader
{
    public const string EnvironmentPrefix = "PRINTFARM_AGENT__";

    public static AgentOptions Load(string? path, IDictionary<string, string?>? overrides = null, IEnumerable<string>? knownProfiles = null)
    {
        var configuration = Serve.Configuration.ConfigJson.Read(path, EnvironmentPrefix, overrides, problem => new AgentConfigException([problem]), out var baseDirectory);

        var unknown = new List<string>();
        CheckKeys(configuration, typeof(AgentOptions), "", unknown);
        if (unknown.Count > 0)
            throw new AgentConfigException(unknown);
        var options = new AgentOptions();
        try
        {
            configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new AgentConfigException([Explain(ex)]);
        }
        options.BaseDirectory = baseDirectory;
        if (options.DataDirectory is { Length: > 0 } data)
            options.DataDirectory = Path.GetFullPath(data, baseDirectory);
        var problems = AgentOptionsValidator.Validate(options, knownProfiles);
        if (problems.Count > 0)
            throw new AgentConfigException(problems);
        return options;
    }

    /// <summary>Every key must be one the options have; each one that is not is named with the keys that are.</summary>
    private static void CheckKeys(IConfiguration section, Type type, string path, List<string> problems)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.Name != nameof(AgentOptions.BaseDirectory))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var at = path.Length == 0 ? child.Key : $"{path}.{child.Key}";
            if (!properties.TryGetValue(child.Key, out var property))
            {
                problems.Add($"{at}: unknown key (known: {string.Join(", ", properties.Keys.Select(Camel))})");
                continue;
            }
            if (property.PropertyType == typeof(List<AgentPrinterConfig>))
            {
                foreach (var item in child.GetChildren())
                    CheckKeys(item, typeof(AgentPrinterConfig), $"{Camel(property.Name)}[{item.Key}]", problems);
            }
            else if (property.PropertyType == typeof(Serve.Configuration.VirtualConfig))
                CheckKeys(child, property.PropertyType, $"{path}{(path.Length == 0 ? "" : ".")}{Camel(property.Name)}", problems);
        }
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Explain(InvalidOperationException ex)
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
        // The binder names keys as Printers:0:Port and types by their C# names; the file says printers[0].port.
        message = BinderPath().Replace(message, m => $"at '{KeyPath(m.Groups[1].Value)}'");
        return message.Replace(nameof(AgentPrinterConfig), "printer", StringComparison.Ordinal)
            .Replace(nameof(AgentOptions), "agent config", StringComparison.Ordinal);
    }

    private static string KeyPath(string binderPath)
    {
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
