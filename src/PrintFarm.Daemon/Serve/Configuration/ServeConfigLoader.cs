using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace PrintFarm.Daemon.Serve.Configuration;

/// <summary>
/// Reads the JSON file, then <c>PRINTFARM__...</c> environment variables over it (<c>PRINTFARM__URLS</c>,
/// <c>PRINTFARM__PRINTERS__0__PORT</c>), binds strictly (an unknown key is an error, so a typo is never ignored)
/// and validates. Every problem is reported at once, each naming its key.
/// </summary>
public static class ServeConfigLoader
{
    public const string EnvironmentPrefix = "PRINTFARM__";

    public static ServeOptions Load(string? path, IDictionary<string, string?>? overrides = null)
    {
        var configuration = Serve.Configuration.ConfigJson.Read(path, EnvironmentPrefix, overrides, problem => new ServeConfigException([problem]), out var baseDirectory);

        var options = new ServeOptions();
        try
        {
            configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new ServeConfigException([Explain(ex)]);
        }
        options.BaseDirectory = baseDirectory;
        var problems = ServeOptionsValidator.Validate(options);
        if (problems.Count > 0)
            throw new ServeConfigException(problems);
        return options;
    }

    private static string Explain(InvalidOperationException ex)
    {
        // "Error: The configuration keys 'Portt' were not found on type 'PrinterConfig'" or a failed conversion.
        var message = ex.InnerException?.Message is { } inner ? $"{ex.Message} ({inner})" : ex.Message;
        message = message.Replace("Error: ", "", StringComparison.Ordinal);
        // The binder names keys as Printers:0:Port; the file says printers[0].port.
        return System.Text.RegularExpressions.Regex.Replace(message, "at '([^']+)'", m => $"at '{KeyPath(m.Groups[1].Value)}'");
    }

    private static string KeyPath(string binderPath)
    {
        var parts = binderPath.Split(':');
        var sb = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part.All(char.IsAsciiDigit))
                sb.Append('[').Append(part).Append(']');
            else
            {
                if (sb.Length > 0)
                    sb.Append('.');
                sb.Append(char.ToLowerInvariant(part[0])).Append(part.AsSpan(1));
            }
        }
        return sb.ToString();
    }
}
