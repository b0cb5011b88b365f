namespace PrintFarm.Printing.Protocol;

/// <summary>Running totals of a session, safe to read from any thread.</summary>
public sealed class SessionCounters
{
    private long _linesSent;
    private long _bytesSent;
    private long _linesAcknowledged;
    private long _resends;
    private long _errors;
    private long _timeouts;
    private long _probes;

    public long LinesSent => Volatile.Read(ref _linesSent);
    public long BytesSent => Volatile.Read(ref _bytesSent);
    public long LinesAcknowledged => Volatile.Read(ref _linesAcknowledged);
    public long Resends => Volatile.Read(ref _resends);
    public long Errors => Volatile.Read(ref _errors);
    public long Timeouts => Volatile.Read(ref _timeouts);

    /// <summary>M105 probes sent to settle lines whose ok did not come (stalls, timeouts, <c>wait</c>).</summary>
    public long Probes => Volatile.Read(ref _probes);

    internal void Sent(int lines, int bytes)
    {
        Interlocked.Add(ref _linesSent, lines);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void Acknowledged(int lines) => Interlocked.Add(ref _linesAcknowledged, lines);
    internal void Resend() => Interlocked.Increment(ref _resends);
    internal void Error() => Interlocked.Increment(ref _errors);
    internal void Timeout() => Interlocked.Increment(ref _timeouts);
    internal void Probe() => Interlocked.Increment(ref _probes);
}
