using System.Security.Cryptography;

namespace PrintFarm.Farm.Designs;

/// <summary>
/// G-code files kept once by content under <c>{data}/gcode/{sha256}.gcode</c> (or <c>.gcode.gz</c>).
/// Writing the same content twice stores it once.
/// </summary>
public sealed class GcodeFileStore
{
    private readonly string _root;

    public GcodeFileStore(string dataDirectory)
    {
        _root = Path.Combine(dataDirectory, "gcode");
    }

    /// <summary>Hex sha256 of a file's bytes.</summary>
    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Where the content with this hash is, or would be, kept.</summary>
    public string PathFor(string sha256, bool compressed) =>
        Path.Combine(_root, sha256 + (compressed ? ".gcode.gz" : ".gcode"));

    /// <summary>The stored file for this hash, or null.</summary>
    public string? Find(string sha256)
    {
        foreach (var compressed in new[] { false, true })
        {
            var path = PathFor(sha256, compressed);
            if (File.Exists(path))
                return path;
        }
        return null;
    }

    /// <summary>Copies <paramref name="source"/> into the store unless that content is there already.</summary>
    public string Put(string source, string sha256)
    {
        var target = PathFor(sha256, IsGzip(source));
        if (File.Exists(target))
            return target;
        Directory.CreateDirectory(_root);
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.Copy(source, temporary);
        File.Move(temporary, target, overwrite: true);
        return target;
    }

    private static bool IsGzip(string path)
    {
        using var stream = File.OpenRead(path);
        return stream.ReadByte() == 0x1f && stream.ReadByte() == 0x8b;
    }
}
