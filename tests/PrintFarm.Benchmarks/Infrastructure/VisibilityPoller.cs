using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// Measures publish-to-API lag on a sample of the fleet's printers. A fixed-rate loop (at most <c>rate</c> requests a
/// second, at most 16 in flight) polls <c>GET /api/printers/{id}</c>, round-robin over the sampled printers that have
/// a publish not yet seen through the API (an idle printer is not polled). The first answer that shows a newer
/// sequence records, for that sequence, answer time minus publish time: an upper bound that includes one GET's round
/// trip. Sequences overtaken by a newer one before any poll saw them are counted as superseded.
/// </summary>
internal sealed class VisibilityPoller
{
    private const int MaxInFlight = 16;
    private readonly HttpClient _http;
    private readonly SimulatedFleet _fleet;
    private readonly int[] _sample;
    private readonly long[] _seen;
    private readonly bool[] _busy;
    private readonly double _rate;
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private int _inFlight;

    public VisibilityPoller(HttpClient http, SimulatedFleet fleet, IReadOnlyList<int> sample, double rate)
    {
        _http = http;
        _fleet = fleet;
        _sample = sample.ToArray();
        _seen = new long[_sample.Length];
        _busy = new bool[_sample.Length];
        _rate = rate;
    }

    public LatencyHistogram Lag { get; } = new();

    public LatencyHistogram PollLatency { get; } = new();

    public long Polls { get; private set; }

    public long PollErrors { get; private set; }

    /// <summary>Polls that found nothing new.</summary>
    public long EmptyPolls { get; private set; }

    /// <summary>Sequences published in the window that a newer one replaced before a poll saw them.</summary>
    public long Superseded { get; private set; }

    /// <summary>Only publishes made inside [start, end) (Stopwatch timestamps) are recorded.</summary>
    public void SetWindow(long start, long end)
    {
        lock (Lag)
        {
            _windowStart = start;
            _windowEnd = end;
            Polls = PollErrors = EmptyPolls = Superseded = 0;
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(1 / _rate);
        using var timer = new PeriodicTimer(interval);
        var next = 0;
        var pending = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _inFlight) >= MaxInFlight)
                    continue;
                // The next sampled printer, after the last one polled, with a publish not seen yet.
                for (var k = 0; k < _sample.Length; k++)
                {
                    var s = (next + k) % _sample.Length;
                    var agent = _fleet[_sample[s]];
                    bool due;
                    lock (_busy)
                    {
                        due = !_busy[s] && agent.Latest().Seq > _seen[s];
                        if (due)
                            _busy[s] = true;
                    }
                    if (!due)
                        continue;
                    next = s + 1;
                    Interlocked.Increment(ref _inFlight);
                    _ = PollAsync(s, ct);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PollAsync(int s, CancellationToken ct)
    {
        var agent = _fleet[_sample[s]];
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/printers/" + agent.Login.PrinterId, UriKind.Relative));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var answered = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                Count(sent, error: true);
                return;
            }
            var shown = Shown(body);
            lock (Lag)
            {
                PollLatency.RecordTicks(answered - sent);
                Polls++;
                if (shown is not { } remainder || agent.Resolve(remainder) is not { } hit || hit.Seq <= _seen[s])
                {
                    EmptyPolls++;
                    return;
                }
                // Sequences between the last seen and this one were overtaken before anyone saw them.
                var previous = _seen[s];
                _seen[s] = hit.Seq;
                if (hit.At >= _windowStart && hit.At < _windowEnd)
                {
                    Lag.RecordTicks(answered - hit.At);
                    if (previous > 0)
                        Superseded += hit.Seq - previous - 1;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
#pragma warning disable CA1031 // A failed poll is counted.
        catch (Exception)
#pragma warning restore CA1031
        {
            Count(sent, error: true);
        }
        finally
        {
            lock (_busy)
                _busy[s] = false;
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Count(long sent, bool error)
    {
        lock (Lag)
        {
            Polls++;
            if (error)
                PollErrors++;
            PollLatency.RecordTicks(Stopwatch.GetTimestamp() - sent);
        }
    }

    /// <summary>The sequence remainder a printer view shows: round((tool0.actual - 200) × 100); null before any state.</summary>
    private static int? Shown(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        if (!doc.RootElement.TryGetProperty("temperatures", out var temps) || temps.ValueKind != JsonValueKind.Object
            || !temps.TryGetProperty("tool0", out var tool) || tool.ValueKind != JsonValueKind.Object
            || !tool.TryGetProperty("actual", out var actual) || actual.ValueKind != JsonValueKind.Number)
            return null;
        var remainder = (int)Math.Round((actual.GetDouble() - 200) * 100);
        return remainder is >= 0 and < 1000 ? remainder : null;
    }

    public static HttpClient CreateClient(Uri address, string apiKey)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, MaxConnectionsPerServer = MaxInFlight, ConnectTimeout = TimeSpan.FromSeconds(10) };
        var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }
}
