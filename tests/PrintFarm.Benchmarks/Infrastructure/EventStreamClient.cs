using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// One <c>GET /api/events</c> reader. It parses the SSE frames itself (<c>id:</c>, <c>event:</c>, <c>data:</c>, blank
/// line), checks that the ids follow each other with no gap, and for each <c>progress</c> event reads the publish
/// time the driver put in <c>linesSent</c>: the lag is from that publish to the read that brought the event in.
/// </summary>
internal sealed class EventStreamClient
{
    private static readonly byte[] LinesSentKey = "\"linesSent\":"u8.ToArray();

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _currentId;
    private bool _currentIsProgress;
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;

    public Task Connected => _connected.Task;

    public LatencyHistogram Lag { get; } = new();

    /// <summary>The lag of every progress event received, warm-up included: what a stream saw before it was dropped.</summary>
    public LatencyHistogram LagAll { get; } = new();

    /// <summary>Progress events whose publish time fell inside the window.</summary>
    public long ProgressInWindow { get; private set; }

    public long ProgressEvents { get; private set; }

    public long OtherEvents { get; private set; }

    public long Resets { get; private set; }

    /// <summary>Ids missing between consecutive events: events this client never got.</summary>
    public long MissedIds { get; private set; }

    public long LastId { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Reads that returned data: events ÷ reads tells how much the server batches its writes.</summary>
    public long Reads { get; private set; }

    /// <summary>The server closed the stream before the end (the hub drops a client that falls 2,048 events behind).</summary>
    public bool ClosedByServer { get; private set; }

    /// <summary>When the server closed the stream (Stopwatch ticks), 0 when it did not.</summary>
    public long ClosedAt { get; private set; }

    public string? Error { get; private set; }

    public void SetWindow(long startTicks, long endTicks)
    {
        Volatile.Write(ref _windowEnd, endTicks);
        Volatile.Write(ref _windowStart, startTicks);
    }

    public async Task RunAsync(HttpClient client, Uri uri, string apiKey, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Add("X-Api-Key", apiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Error = $"HTTP {(int)response.StatusCode}";
                _connected.TrySetResult();
                return;
            }
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
                await ReadAsync(stream, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped by the benchmark.
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            if (!ct.IsCancellationRequested)
                Error = ex.Message;
        }
        finally
        {
            _connected.TrySetResult();
        }
    }

    private async Task ReadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            var n = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0)
            {
                ClosedByServer = !ct.IsCancellationRequested;
                ClosedAt = Stopwatch.GetTimestamp();
                return;
            }
            var now = Stopwatch.GetTimestamp();
            Bytes += n;
            Reads++;
            filled += n;
            var position = 0;
            while (true)
            {
                var newline = buffer.AsSpan(position, filled - position).IndexOf((byte)'\n');
                if (newline < 0)
                    break;
                Line(buffer.AsSpan(position, newline), now);
                position += newline + 1;
            }
            if (position > 0)
            {
                Buffer.BlockCopy(buffer, position, buffer, 0, filled - position);
                filled -= position;
            }
        }
    }

    private void Line(ReadOnlySpan<byte> line, long now)
    {
        if (line.Length == 0)
        {
            // The end of an event.
            if (_currentId != 0)
            {
                if (LastId != 0 && _currentId > LastId + 1)
                    MissedIds += _currentId - LastId - 1;
                LastId = Math.Max(LastId, _currentId);
            }
            _currentId = 0;
            _currentIsProgress = false;
            return;
        }
        if (line[0] == (byte)':')
        {
            _connected.TrySetResult();
            return;
        }
        if (line.StartsWith("id: "u8))
        {
            _currentId = Utf8Parser.TryParse(line[4..], out long id, out _) ? id : 0;
        }
        else if (line.StartsWith("event: "u8))
        {
            var type = line[7..];
            _currentIsProgress = type.SequenceEqual("progress"u8);
            if (_currentIsProgress)
                ProgressEvents++;
            else
            {
                OtherEvents++;
                if (type.SequenceEqual("reset"u8))
                    Resets++;
            }
        }
        else if (line.StartsWith("data: "u8) && _currentIsProgress)
        {
            var at = line.IndexOf(LinesSentKey);
            if (at < 0 || !Utf8Parser.TryParse(line[(at + LinesSentKey.Length)..], out long sent, out _))
                return;
            LagAll.RecordTicks(now - sent);
            if (sent >= Volatile.Read(ref _windowStart) && sent < Volatile.Read(ref _windowEnd))
            {
                ProgressInWindow++;
                Lag.RecordTicks(now - sent);
            }
        }
    }
}
