using System.Text.Json;

namespace PrintFarm.Daemon.Serve.Configuration;

/// <summary>
/// The configuration binder's JSON errors name no line. Both config files (<c>serve</c>'s and the agent's) are
/// read through this first, so a broken file is reported with its line and byte.
/// </summary>
public static class ConfigJson
{
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
