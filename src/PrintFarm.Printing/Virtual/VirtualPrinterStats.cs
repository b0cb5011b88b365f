using System.Diagnostics;
using System.Globalization;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Counters of a <see cref="VirtualPrinter"/>, safe to read from any thread while it runs. Times are
/// measured from the moment the printer was created.
/// </summary>
public sealed class VirtualPrinterStats
{
    private readonly long _origin = Stopwatch.GetTimestamp();
    private long _commandsExecuted;
    private long _bytesReceived;
    private long _bytesDropped;
    private long _bytesSent;
    private long _resendRequests;
    private long _lineErrors;
    private long _linesCorrupted;
    private long _underruns;
    private long _starvationTicks;
    private long _firstMoveAt = -1;
    private long _lastMoveEndAt = -1;
    private int _halted;
    private int _disconnected;
    private long _haltedStamp = -1;
    private long _disconnectedStamp = -1;
    private readonly long[] _faults = new long[Enum.GetValues<FaultKind>().Length];

    /// <summary>Commands processed (each answered with its ok, or entered into the planner).</summary>
    public long CommandsExecuted => Interlocked.Read(ref _commandsExecuted);

    /// <summary>Bytes that reached the firmware off the wire, including those then dropped.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Bytes lost because they arrived while the receive ring was full.</summary>
    public long BytesDropped => Interlocked.Read(ref _bytesDropped);

    /// <summary>Bytes of responses written back to the host.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Resend requests sent (<c>Resend:</c> or <c>rs</c>).</summary>
    public long ResendRequests => Interlocked.Read(ref _resendRequests);

    /// <summary>Lines refused for their line number or checksum, including those dropped silently.</summary>
    public long LineErrors => Interlocked.Read(ref _lineErrors);

    /// <summary>Lines altered by fault injection.</summary>
    public long LinesCorrupted => Interlocked.Read(ref _linesCorrupted);

    /// <summary>Times the planner ran empty mid-print and then received a new block.</summary>
    public long Underruns => Interlocked.Read(ref _underruns);

    /// <summary>Total time the planner sat empty between the first move and the last one finishing.</summary>
    public TimeSpan PlannerStarvation => ToTimeSpan(Interlocked.Read(ref _starvationTicks));

    /// <summary>When the first block entered the planner, if one has.</summary>
    public TimeSpan? FirstMoveAt => Since(Interlocked.Read(ref _firstMoveAt));

    /// <summary>When the most recent block finished, if one has.</summary>
    public TimeSpan? LastMoveEndAt => Since(Interlocked.Read(ref _lastMoveEndAt));

    public bool Halted => Volatile.Read(ref _halted) != 0;

    /// <summary>The printer dropped its link on purpose (<see cref="VirtualPrinterOptions.DisconnectAfter"/>).</summary>
    public bool Disconnected => Volatile.Read(ref _disconnected) != 0;

    /// <summary>How many times a fault of that kind was injected.</summary>
    public long Faults(FaultKind kind) => Interlocked.Read(ref _faults[(int)kind]);

    /// <summary>Every fault injected, of any kind.</summary>
    public long FaultsInjected => Enum.GetValues<FaultKind>().Sum(Faults);

    internal void FaultInjected(FaultKind kind) => Interlocked.Increment(ref _faults[(int)kind]);

    internal void CommandExecuted() => Interlocked.Increment(ref _commandsExecuted);
    internal void Received(long count) => Interlocked.Add(ref _bytesReceived, count);
    internal void Dropped() => Interlocked.Increment(ref _bytesDropped);
    internal void Sent(long count) => Interlocked.Add(ref _bytesSent, count);
    internal void ResendRequested() => Interlocked.Increment(ref _resendRequests);
    internal void LineRefused() => Interlocked.Increment(ref _lineErrors);
    internal void LineCorrupted() => Interlocked.Increment(ref _linesCorrupted);
    internal void SetHalted(bool halted)
    {
        if (halted)
            Interlocked.CompareExchange(ref _haltedStamp, Stopwatch.GetTimestamp(), -1);
        Volatile.Write(ref _halted, halted ? 1 : 0);
    }

    internal void SetDisconnected()
    {
        Interlocked.CompareExchange(ref _disconnectedStamp, Stopwatch.GetTimestamp(), -1);
        Volatile.Write(ref _disconnected, 1);
    }

    /// <summary><see cref="Stopwatch"/> timestamp of the first halt, or -1.</summary>
    public long HaltedTimestamp => Interlocked.Read(ref _haltedStamp);

    /// <summary><see cref="Stopwatch"/> timestamp of the simulated disconnect, or -1.</summary>
    public long DisconnectedTimestamp => Interlocked.Read(ref _disconnectedStamp);

    internal void Underrun(long emptyTicks)
    {
        Interlocked.Increment(ref _underruns);
        Interlocked.Add(ref _starvationTicks, emptyTicks);
    }

    internal void MoveStarted(long timestamp) => Interlocked.CompareExchange(ref _firstMoveAt, timestamp, -1);
    internal void MoveEnded(long timestamp) => Interlocked.Exchange(ref _lastMoveEndAt, timestamp);

    /// <summary>One line, for logs and the command line.</summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"executed={CommandsExecuted} received={BytesReceived}B dropped={BytesDropped}B sent={BytesSent}B " +
            $"resends={ResendRequests} line-errors={LineErrors} corrupted={LinesCorrupted}");
        if (FirstMoveAt is { } first && LastMoveEndAt is { } last)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $" motion={(last - first).TotalSeconds:F3}s starved={PlannerStarvation.TotalSeconds:F3}s underruns={Underruns}");
        }
        if (Halted)
            text += " halted";
        if (Disconnected)
            text += " disconnected";
        return text;
    }

    private TimeSpan? Since(long timestamp) => timestamp < 0 ? null : ToTimeSpan(timestamp - _origin);

    private static TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
}
