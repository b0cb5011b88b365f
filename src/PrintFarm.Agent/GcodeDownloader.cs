using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace PrintFarm.Agent;

/// <summary>
/// Fetches a job's G-code from the coordinator over HTTP, streaming it to a file while it hashes it, and checks the
/// size and sha256 the command gave. The agent key goes with the request as <c>X-Api-Key</c>, but only to the
/// coordinator's own origin: an absolute URL elsewhere is fetched without it.
/// </summary>
internal sealed class GcodeDownloader(HttpClient http, Uri coordinator, string agentKey, long maxBytes, TimeSpan timeout)
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly Uri _base = coordinator.AbsoluteUri.EndsWith('/') ? coordinator : new Uri(coordinator.AbsoluteUri + "/");

    /// <summary>The URL a command names, relative to the coordinator or absolute; null with a reason when it is not http(s).</summary>
    public Uri? Resolve(string url, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(_base, url, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"download URL \"{url}\" is not an http(s) address or a path on the coordinator";
            return null;
        }
        return uri;
    }

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="destination"/>. Returns null when the file arrived whole and
    /// matches; otherwise the reason (no file is left behind).
    /// </summary>
    public async Task<string?> DownloadAsync(Uri url, long size, string sha256, string destination, CancellationToken cancellationToken)
    {
        if (size > maxBytes)
            return $"size mismatch: the job is {size} bytes, more than this agent downloads ({maxBytes})";
        var partial = destination + ".part";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (string.Equals(url.GetLeftPart(UriPartial.Authority), _base.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
                request.Headers.Add(ApiKeyHeader, agentKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return $"download failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {Redacted(url)}";
            if (response.Content.Headers.ContentLength is { } announced && announced != size)
                return $"size mismatch: expected {size} bytes, the server sends {announced}";
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long received = 0;
            var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(81920);
                    try
                    {
                        int read;
                        while ((read = await body.ReadAsync(buffer.AsMemory(), deadline.Token).ConfigureAwait(false)) > 0)
                        {
                            received += read;
                            if (received > size)
                                return $"size mismatch: expected {size} bytes, received more";
                            hash.AppendData(buffer, 0, read);
                            await file.WriteAsync(buffer.AsMemory(0, read), deadline.Token).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                    await file.FlushAsync(deadline.Token).ConfigureAwait(false);
                }
            }
            if (received != size)
                return $"size mismatch: expected {size} bytes, received {received}";
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
                return $"sha256 mismatch: expected {sha256.ToLowerInvariant()}, got {actual}";
            File.Move(partial, destination, overwrite: true);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"download failed: not finished within {timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException ex)
        {
            return $"download failed: {ex.Message}";
        }
        catch (IOException ex)
        {
            return $"download failed: {ex.Message}";
        }
        finally
        {
            TryDelete(partial);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start's clean-up.
        }
    }

    private static string Redacted(Uri url) => url.GetLeftPart(UriPartial.Path);
}
