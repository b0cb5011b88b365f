using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace PrintFarm.Wire.Configuration;

/// <summary>
/// The configuration binder's JSON errors name no line. Both config files (<c>serve</c>'s and the agent's) are
/// read through this first, so a broken file is reported with its line and byte.
/// </summary>
public static class ConfigJson
{
    /// <summary>
    /// The layers of a config: the JSON file (checked first; relative names in it resolve against its folder, returned
    /// as <paramref name="baseDirectory"/>), then environment variables with <paramref name="environmentPrefix"/>, then
    /// <paramref name="overrides"/> (the command line). A missing or broken file is <paramref name="refuse"/>d with its reason.
    /// </summary>
    public static IConfiguration Read(string? path, string environmentPrefix, IDictionary<string, string?>? overrides,
        Func<string, Exception> refuse, out string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(refuse);
        var builder = new ConfigurationBuilder();
        baseDirectory = Directory.GetCurrentDirectory();
        if (path is not null)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
                throw refuse($"config file {full} does not exist");
            if (Problem(full) is { } problem)
                throw refuse(problem);
            baseDirectory = Path.GetDirectoryName(full)!;
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables(environmentPrefix);
        if (overrides is not null)
            builder.AddInMemoryCollection(overrides);
        return builder.Build();
    }

    /// <summary>The problem with the file's JSON, or null when it parses (comments and trailing commas allowed).</summary>
    public static string? Problem(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var _ = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return null;
        }
        catch (JsonException ex)
        {
            return $"{path}: not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}";
        }
    }
}
