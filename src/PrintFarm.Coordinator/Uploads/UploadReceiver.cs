using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Uploads;

/// <summary>
/// Reads a multipart G-code upload section by section, streaming the file part to a temporary file under
/// <c>{data}/uploads</c> (never whole in memory) and stopping at the configured limit. The file name is checked
/// (no folders, no <c>..</c>, a .gcode or .gcode.gz name) and the content sniffed (gzip, or text without NUL
/// bytes) before anything else looks at it. The caller owns the temporary file.
/// </summary>
public sealed class UploadReceiver
{
    private const int SniffBytes = 64 * 1024;

    /// <summary>What the multipart envelope (boundaries, headers, form fields) may add to the file's own limit.</summary>
    public const long MultipartAllowanceBytes = 64 * 1024;
    private readonly ServeOptions _options;

    public UploadReceiver(ServeOptions options) => _options = options;

    /// <summary>The most bytes a compressed upload may expand to.</summary>
    public long MaxDecompressedBytes => _options.MaxDecompressedBytes;

    public async Task<Upload> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A body that announces more than the limit is refused before a byte of it is read, so a client that asked
        // "Expect: 100-continue" (curl, for one) hears 413 and never sends the file.
        if (request.ContentLength > _options.MaxUploadBytes + MultipartAllowanceBytes)
            throw new BadHttpRequestException($"the upload is larger than the limit of {_options.MaxUploadMegabytes} MB", StatusCodes.Status413PayloadTooLarge);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new FarmValidationException("the upload must be multipart/form-data with a \"file\" field");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new FarmValidationException("the multipart upload has no boundary");
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = _options.MaxUploadBytes + 1 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Upload? upload = null;
        try
        {
            for (var section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
                 section is not null;
                 section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    if (upload is not null)
                        throw new FarmValidationException("send one file per upload");
                    var fileName = CheckFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                    upload = new Upload(fileName, await SaveAsync(section.Body, cancellationToken).ConfigureAwait(false), fields);
                }
                else
                {
                    using var text = new StreamReader(section.Body);
                    var value = await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                    if (value.Length > 4096)
                        throw new FarmValidationException($"form field \"{name}\" is too long");
                    fields[name] = value;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            upload?.Dispose();
            throw new FarmValidationException(ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? $"the upload is larger than the limit of {_options.MaxUploadMegabytes} MB" : $"malformed multipart upload: {ex.Message}", ex);
        }
        catch
        {
            upload?.Dispose();
            throw;
        }
        return upload ?? throw new FarmValidationException("the upload has no \"file\" part");
    }

    /// <summary>A bare file name ending .gcode, .gco, .g or .gcode.gz; anything with a folder in it is refused.</summary>
    public static string CheckFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            throw new FarmValidationException("the file has no name");
        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal) || fileName.Contains("..", StringComparison.Ordinal)
            || fileName.Contains('\0', StringComparison.Ordinal) || fileName.StartsWith('.') || fileName.Length > 200)
            throw new FarmValidationException($"file name \"{fileName}\" is not allowed: use a plain name without folders or \"..\"");
        var lower = fileName.ToLowerInvariant();
        if (!(lower.EndsWith(".gcode", StringComparison.Ordinal) || lower.EndsWith(".gco", StringComparison.Ordinal)
              || lower.EndsWith(".g", StringComparison.Ordinal) || lower.EndsWith(".gcode.gz", StringComparison.Ordinal)))
            throw new FarmValidationException($"file name \"{fileName}\" is not G-code: it must end .gcode, .gco, .g or .gcode.gz");
        return fileName;
    }

    private async Task<string> SaveAsync(Stream body, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_options.DataDirectory!, "uploads");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.part");
        try
        {
            long total = 0;
            var sniffed = false;
            var gzip = false;
            var buffer = new byte[81920];
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (!sniffed)
                    {
                        if (total == 0)
                            gzip = read >= 2 && buffer[0] == 0x1f && buffer[1] == 0x8b;
                        if (!gzip && buffer.AsSpan(0, read).Contains((byte)0))
                            throw new FarmValidationException("the file is not G-code: it holds binary data");
                        sniffed = total + read >= SniffBytes;
                    }
                    total += read;
                    if (total > _options.MaxUploadBytes)
                        throw new FarmValidationException($"the upload is larger than the limit of {_options.MaxUploadMegabytes} MB");
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            if (total == 0)
                throw new FarmValidationException("the uploaded file is empty");
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
