using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Transports;

namespace PrintFarm.Printing.Protocol;

/// <summary>
/// One printer over one transport: handshake, a job lane and a priority lane, flow control,
/// resends, keepalive, temperatures, faults. One async loop owns all state; a read pump and a
/// timer feed it through a channel. Nothing busy-waits.
/// </summary>
public sealed partial class PrinterSession : IAsyncDisposable
{
    private readonly ILineTransport _transport;
    private readonly ProfileCatalog _catalog;
    private readonly PrinterSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<SessionInput> _inputs = Channel.CreateUnbounded<SessionInput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly LineHistory _history;
    private readonly FlowWindow _window = new();
    private readonly byte[] _writeBuffer = new byte[4096];
    private Task? _loop;
    private Task? _readPump;
    private ITimer? _timer;
    private volatile SessionState _state = SessionState.Disconnected;

    public PrinterSession(ILineTransport transport, ProfileCatalog catalog, PrinterSessionOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _transport = transport;
        _catalog = catalog;
        _options = options ?? new PrinterSessionOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _history = new LineHistory(_options.HistoryLines);
    }

    public SessionState State => _state;

    /// <summary>The profile in use, once connected.</summary>
    public FirmwareProfile? Profile { get; private set; }

    /// <summary>What M115 reported, once connected.</summary>
    public FirmwareInfo? Firmware { get; private set; }

    public TemperatureReport? Temperatures { get; private set; }

    /// <summary>Why the session faulted or was interrupted.</summary>
    public string? FaultReason { get; private set; }

    /// <summary>Totals for the whole session: lines and bytes written, resends, errors.</summary>
    public SessionCounters Counters { get; } = new();

    public event Action<SessionState>? StateChanged;
    public event Action<TemperatureReport>? TemperaturesReported;

    /// <summary>Every line from the firmware, for consoles and logs.</summary>
    public event Action<string>? LineReceived;

    public string Endpoint => _transport.Endpoint;

    /// <summary>Opens the link, shakes hands (M110, M115) and picks the firmware profile.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
            throw new InvalidOperationException("The session is already connected.");
        SetState(SessionState.Connecting);
        try
        {
            await _transport.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SetState(SessionState.Interrupted);
            FaultReason = ex.Message;
            throw;
        }
        _handshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _timer = _time.CreateTimer(_ => _inputs.Writer.TryWrite(new SessionInput(SessionInputKind.Tick)), null, _options.TickInterval, _options.TickInterval);
        _stallTimer = _time.CreateTimer(_ => _inputs.Writer.TryWrite(new SessionInput(SessionInputKind.StallCheck)), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _readPump = Task.Run(ReadPumpAsync, CancellationToken.None);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        using var reg = cancellationToken.Register(() => _handshake.TrySetCanceled(cancellationToken));
        await _handshake.Task.ConfigureAwait(false);
    }

    /// <summary>Streams a job and completes once the firmware has acknowledged its last command.</summary>
    public Task<JobResult> RunJobAsync(IJobSource source, CancellationToken cancellationToken = default)
    {
        var job = new ActiveJob(source, _time.GetTimestamp());
        if (cancellationToken.CanBeCanceled)
            cancellationToken.Register(() => _inputs.Writer.TryWrite(new SessionInput(SessionInputKind.Cancel, Payload: job)));
        Post(new SessionInput(SessionInputKind.StartJob, Payload: job));
        return job.Completion.Task;
    }

    /// <summary>Queues a manual command on the priority lane, ahead of job lines; completes when acknowledged.</summary>
    public Task SendCommandAsync(string command)
    {
        var manual = new ManualCommand(command.Trim());
        Post(new SessionInput(SessionInputKind.Manual, Payload: manual));
        return manual.Done.Task;
    }

    public Task PauseAsync() => PostControl(SessionInputKind.Pause);

    public Task ResumeAsync() => PostControl(SessionInputKind.Resume);

    /// <summary>Stops the job (queued lines are dropped) and runs the profile's cancel script.</summary>
    public Task CancelAsync() => PostControl(SessionInputKind.Cancel);

    /// <summary>Writes the emergency stop now, ahead of every queued line, and faults the session.</summary>
    public async Task EmergencyStopAsync()
    {
        var command = (Profile?.EmergencyStop ?? "M112") + "\n";
        await WriteRawAsync(System.Text.Encoding.ASCII.GetBytes(command), CancellationToken.None).ConfigureAwait(false);
        Post(new SessionInput(SessionInputKind.Line, "Error:emergency stop sent by the host"));
    }

    private Task PostControl(SessionInputKind kind)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new SessionInput(kind, Payload: done));
        return done.Task;
    }

    private void Post(SessionInput input)
    {
        if (!_inputs.Writer.TryWrite(input))
            throw new InvalidOperationException("The session is closed.");
    }

    private void SetState(SessionState state)
    {
        if (_state == state)
            return;
        _state = state;
        StateChanged?.Invoke(state);
    }

    public async ValueTask DisposeAsync()
    {
        _inputs.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_timer is not null)
            await _timer.DisposeAsync().ConfigureAwait(false);
        if (_stallTimer is not null)
            await _stallTimer.DisposeAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        foreach (var task in new[] { _loop, _readPump })
        {
            if (task is null)
                continue;
            try
            {
                await task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or ObjectDisposedException or IOException)
            {
                // Closing: a loop stuck in a vanished driver is abandoned rather than waited on, and a read cut short
                // by the port closing under it (the port is closed, the device went away) has nothing left to report.
            }
        }
        if (_state is not (SessionState.Faulted or SessionState.Interrupted))
            SetState(SessionState.Closed);
        _stop.Dispose();
        _writeLock.Dispose();
    }
}
