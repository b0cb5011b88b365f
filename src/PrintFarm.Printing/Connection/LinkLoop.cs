using Polly;

namespace PrintFarm.Printing.Connection;

/// <summary>
/// The one loop that keeps a printer's link up, for the coordinator's own printers and the agent's alike:
/// connect and serve until the link drops, then connect again.
/// <list type="bullet">
/// <item>A connection that cannot be made is tried again with <see cref="ReconnectBackoff"/>: 1 s, doubling with
/// jitter, up to <c>maxBackoff</c>.</item>
/// <item>A link that connects and drops within <see cref="FlapWindow"/> is flapping: before the next connection the
/// loop waits 1 s, then twice as long each time it flaps again, up to the same <c>maxBackoff</c>. A connection that
/// lasted longer starts the count again. With <c>flapJitter</c> each such wait is spread by that share either way, so
/// that many links dropped at once (every agent, when the broker restarts) do not come back in step.</item>
/// </list>
/// Nothing here waits without a bound, and the loop ends when its token is cancelled.
/// </summary>
public sealed partial class LinkLoop
{
    /// <summary>A connection shorter than this counts as a flap.</summary>
    public static readonly TimeSpan FlapWindow = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly TimeSpan _maxBackoff;
    private readonly Action<Exception> _onError;
    private readonly ResiliencePipeline _connectRetry;
    private readonly double _flapJitter;

    /// <param name="maxBackoff">The longest wait between two attempts, whether connecting failed or the link flapped.</param>
    /// <param name="onRetry">Told each failed attempt (1, 2, ...), the wait before the next, and why.</param>
    /// <param name="onError">Told when serving a connection ended in an error (the loop goes on).</param>
    /// <param name="flapJitter">0 to 0.5: how far either way a flap wait may be moved at random.</param>
    public LinkLoop(TimeProvider time, TimeSpan maxBackoff, Action<int, TimeSpan, Exception?> onRetry, Action<Exception> onError, double flapJitter = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfNegative(flapJitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(flapJitter, 0.5);
        _flapJitter = flapJitter;
        _time = time;
        _maxBackoff = maxBackoff;
        _onError = onError;
        _connectRetry = ReconnectBackoff.Create(time, maxBackoff, onRetry);
    }

    /// <summary>The wait after a connection that lasted <paramref name="connectedFor"/>, given the wait after the one before.</summary>
    public static TimeSpan NextFlapWait(TimeSpan previous, TimeSpan connectedFor, TimeSpan maxBackoff) =>
        connectedFor < FlapWindow
            ? TimeSpan.FromSeconds(Math.Clamp(previous.TotalSeconds * 2, 1, Math.Max(1, maxBackoff.TotalSeconds)))
            : TimeSpan.Zero;

    /// <summary>
    /// Runs until <paramref name="stop"/>. <paramref name="connectAndServe"/> returns when the link is lost and throws
    /// when it cannot connect.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> connectAndServe, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(connectAndServe);
        var flap = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            var connectedAt = _time.GetTimestamp();
            try
            {
                await _connectRetry.ExecuteAsync(async ct => await connectAndServe(ct).ConfigureAwait(false), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _onError(ex);
            }
            flap = NextFlapWait(flap, _time.GetElapsedTime(connectedAt), _maxBackoff);
            if (flap > TimeSpan.Zero)
            {
                try
                {
                    var wait = _flapJitter > 0 ? flap * (1 - _flapJitter + Random.Shared.NextDouble() * 2 * _flapJitter) : flap;
                    await Task.Delay(wait, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
