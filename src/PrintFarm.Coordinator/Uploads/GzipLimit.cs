using System.IO.Compression;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Uploads;

/// <summary>
/// Refuses a gzip upload that expands past a limit, by streaming it through a small buffer and counting, before
/// anything reads it in earnest. Every member of a multi-member gzip counts: .NET's <see cref="GZipStream"/> reads
/// concatenated members one after another. A file that is not gzip is left alone.
/// </summary>
public static class GzipLimit
{
    public static void Check(string path, string fileName, long maxBytes, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        if (file.ReadByte() != 0x1f || file.ReadByte() != 0x8b)
            return;
        file.Position = 0;
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > maxBytes)
                    throw new FarmValidationException($"{fileName} expands to more than {maxBytes / (1024 * 1024)} MB, the limit for compressed G-code");
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (InvalidDataException ex)
        {
            throw new FarmValidationException($"{fileName} is not readable gzip: {ex.Message}", ex);
        }
    }
}
