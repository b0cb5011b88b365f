using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Connection;
using PrintFarm.Printing.Protocol;
using PrintFarm.Wire;

namespace PrintFarm.Agent;

/// <summary>
/// One printer next to the agent, in four loops that never wait on each other: the link (connect the port with
/// back-off, hold the printer session until the link drops), the commands (each run once), the retained state (on
/// every change and at least every <see cref="AgentOptions.StateIntervalSeconds"/>), and the outbox (events to the
/// broker, in order). One printer's trouble never touches another's loops.
/// </summary>
internal sealed partial class AgentPrinter : IDisposable
{
    /// <summary>The longest wait before an event nobody subscribed to is sent again.</summary>
    private const double UnheardRetryMaxSeconds = 5;

    private readonly AgentPrinterConfig _config;
    private readonly AgentContext _ctx;
    private readonly ILogger _log;
    private readonly LinkLoop _link;
    private readonly SemaphoreSlim _stateDirty = new(0, 1);
    private readonly SemaphoreSlim _statePublish = new(1, 1);
    private volatile PrinterSession? _session;
    private volatile string? _message;
    private int _urgentState;

    public AgentPrinter(AgentPrinterConfig config, AgentContext context)
    {
        _config = config;
        _ctx = context;
        _log = context.Loggers.CreateLogger($"PrintFarm.Agent.Printer.{config.Id}");
        Outbox = new EventOutbox(config.Id, context.Session, Path.Combine(context.DataDirectory, "outbox", config.Id + ".jsonl"), context.Time, _log);
        _link = LinkLoop.Logged(context.Time, TimeSpan.FromSeconds(context.Options.ReconnectMaxSeconds), _log, config.Id);
    }

    public string Id => _config.Id;

    public EventOutbox Outbox { get; }

    /// <summary>The printer session while the link is up.</summary>
    public PrinterSession? Session => _session;

    /// <summary>Runs the link, command and state loops until <paramref name="stop"/>; the outbox loop runs until <paramref name="flushStop"/>.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken flushStop)
    {
        var loops = new[]
        {
            Task.Run(() => LinkLoopAsync(stop), CancellationToken.None),
            Task.Run(() => CommandLoopAsync(stop), CancellationToken.None),
            Task.Run(() => StateLoopAsync(stop), CancellationToken.None),
            Task.Run(() => FlushLoopAsync(flushStop), CancellationToken.None),
        };
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private Task LinkLoopAsync(CancellationToken stop) => _link.RunAsync(ConnectAndServeAsync, stop);

    /// <summary>One connection: returns when the link is lost, throws when it cannot connect.</summary>
    private async Task ConnectAndServeAsync(CancellationToken stop)
    {
        var port = _ctx.OpenPort(_config.ToLinkTarget());
        await using (port.ConfigureAwait(false))
        {
            var session = new PrinterSession(port.Transport, _ctx.Profiles, new PrinterSessionOptions { Profile = _config.Profile }, _ctx.Time, PrinterLogging.ForPrinter(_log, Id));
            await using (session.ConfigureAwait(false))
            {
                var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                session.StateChanged += state =>
                {
                    if (state == SessionState.Faulted)
                        Outbox.Add(MessageTypes.Error, _job?.JobId, reason: session.FaultReason ?? "the printer faulted");
                    if (state is SessionState.Interrupted or SessionState.Closed)
                        ended.TrySetResult();
                    MarkState(urgent: true);
                };
                session.TemperaturesReported += _ => MarkState(urgent: false);
                try
                {
                    await session.ConnectAsync(stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _message = $"cannot connect: {ex.Message}";
                    MarkState(urgent: true);
                    throw;
                }
                _message = null;
                _session = session;
                _sessionEnded = ended.Task;
                MarkState(urgent: true);
                LogConnected(_log, Id, session.Firmware?.Name ?? "unknown firmware", session.Profile?.Name ?? _config.Profile);
                try
                {
                    await ended.Task.WaitAsync(stop).ConfigureAwait(false);
                    LogLinkLost(_log, Id, session.FaultReason ?? "link lost");
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The agent is stopping: a running print is cancelled through the firmware's cancel script and
                    // reported as interrupted, like a print the coordinator's own stop cuts short: not the printer's failure.
                    _job?.Stop(FailureReasons.AgentStopping);
                }
                finally
                {
                    await WaitForJobAsync().ConfigureAwait(false);
                    _message = stop.IsCancellationRequested ? "agent stopping" : session.FaultReason ?? "link lost";
                    _session = null;
                    MarkState(urgent: true);
                }
            }
        }
    }

    /// <summary>The state as the printer link sees it now.</summary>
    public PrinterStateMessage CurrentState()
    {
        var session = _session;
        var job = _job;
        var progress = session?.CurrentJob;
        var status = session is null ? "disconnected" : session.State switch
        {
            SessionState.Connecting or SessionState.Disconnected or SessionState.Closed => "disconnected",
            var s => WireNames.Of(s),
        };
        return new PrinterStateMessage(
            status,
            TemperaturesView.From(session?.Temperatures),
            job is { Printing: true } ? job.JobId : null,
            progress is null ? 0 : Math.Round(progress.Fraction, 4),
            _ctx.Time.GetUtcNow(),
            session is null ? _message : session.FaultReason,
            session?.Firmware?.Name);
    }

    /// <summary>Publishes the current state, retained; one at a time, so the broker always keeps the newest.</summary>
    public async Task<PublishOutcome> PublishStateAsync(CancellationToken cancellationToken)
    {
        await _statePublish.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = CurrentState();
            return await _ctx.Broker.PublishAsync(_ctx.Topics.State(Id), MqttJson.Serialize(state), retain: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _statePublish.Release();
        }
    }

    private void MarkState(bool urgent)
    {
        if (urgent)
            Interlocked.Exchange(ref _urgentState, 1);
        try
        {
            _stateDirty.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already marked.
        }
    }

    private async Task StateLoopAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(_ctx.Options.StateIntervalSeconds);
        var minimumGap = TimeSpan.FromSeconds(1);
        var last = _ctx.Time.GetTimestamp();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await _stateDirty.WaitAsync(interval, stop).ConfigureAwait(false);
                // A status change goes out at once; temperatures and progress at most once a second.
                var urgent = Interlocked.Exchange(ref _urgentState, 0) == 1;
                var since = _ctx.Time.GetElapsedTime(last);
                if (!urgent && since < minimumGap)
                    await Task.Delay(minimumGap - since, _ctx.Time, stop).ConfigureAwait(false);
                // While the broker is away this waits; the reconnect itself publishes the state first, and this
                // once more, in case the printer changed while the link was being set up.
                await _ctx.Broker.WaitReadyAsync(stop).ConfigureAwait(false);
                await PublishStateAsync(stop).ConfigureAwait(false);
                last = _ctx.Time.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task FlushLoopAsync(CancellationToken stop)
    {
        var topic = _ctx.Topics.Events(Id);
        var unheard = TimeSpan.Zero;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Outbox.WaitAsync(stop).ConfigureAwait(false);
                await _ctx.Broker.WaitReadyAsync(stop).ConfigureAwait(false);
                if (!Outbox.TryTake(out var message))
                    continue;
                switch (await _ctx.Broker.PublishAsync(topic, MqttJson.Serialize(message), retain: false, stop).ConfigureAwait(false))
                {
                    case PublishOutcome.Delivered:
                        Outbox.Delivered(message);
                        unheard = TimeSpan.Zero;
                        break;
                    case PublishOutcome.Unheard:
                        // Nobody subscribes: the broker restarted without the coordinator's session, and the coordinator
                        // has not subscribed again yet. The event stays at the head of the outbox and is sent again.
                        Outbox.Release();
                        unheard = TimeSpan.FromSeconds(Math.Clamp(unheard.TotalSeconds * 2, 0.5, UnheardRetryMaxSeconds));
                        LogEventUnheard(_log, Id, message.Type, message.Seq, unheard.TotalSeconds);
                        await Task.Delay(unheard, _ctx.Time, stop).ConfigureAwait(false);
                        break;
                    case PublishOutcome.Refused:
                        // The broker will never take it; holding it would block every later event.
                        LogEventDropped(_log, Id, message.Type, message.Seq);
                        Outbox.Delivered(message);
                        break;
                    default:
                        Outbox.Release();
                        await Task.Delay(TimeSpan.FromMilliseconds(250), _ctx.Time, stop).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Outbox.Release();
        }
    }

    public void Dispose()
    {
        _stateDirty.Dispose();
        _statePublish.Dispose();
    }
}
