namespace PrintFarm.Printing.Virtual;

/// <summary>
/// The simulated firmware, advanced event by event in Stopwatch time. Each step runs Marlin's main
/// loop: read lines from the ring while a queue slot is free and no command blocks, then process the
/// head of the queue. Between steps it handles the next due event: a byte arriving, a planner block
/// finishing, or a periodic report. Used by one thread at a time.
/// </summary>
internal sealed class FirmwareCore
{
    private readonly VirtualPrinterOptions _options;
    private readonly DialectProfile _profile;
    private readonly VirtualPrinterStats _stats;
    private readonly CommandLog _log;
    private readonly SerialReceiver _receiver;
    private readonly LineIntake _intake;
    private readonly Planner _planner;
    private readonly TemperatureModel _temperatures = new();
    private readonly FirmwareTimers _timers = new();
    private readonly CommandProcessor _processor;
    private readonly FaultInjector _faults;
    private readonly Queue<QueuedCommand> _queue = new();
    private long _clock;
    private bool _blocked;
    private long _nextBusy = long.MaxValue;
    private string? _haltReason;
    private bool _disconnectFired;

    public FirmwareCore(VirtualPrinterOptions options, VirtualPrinterStats stats, CommandLog log)
    {
        _options = options;
        _profile = DialectProfiles.For(options.Dialect);
        _stats = stats;
        _log = log;
        _receiver = new SerialReceiver(options, stats);
        _faults = new FaultInjector(options.Faults, stats);
        _intake = new LineIntake(options, _profile, Output, stats, _faults);
        _planner = new Planner(options.PlannerSlots, stats);
        _processor = new CommandProcessor(options, _profile, Output, new MotionModel(), _planner, _temperatures, _timers, _intake);
    }

    public ResponseChannel Output { get; } = new();

    /// <summary>Set once <see cref="VirtualPrinterOptions.DisconnectAfter"/> commands have run; the firmware then stops.</summary>
    public bool DisconnectRequested { get; private set; }

    public bool IsHalted => _haltReason is not null;

    public DialectProfile Profile => _profile;

    /// <summary>
    /// Brings the firmware up to <paramref name="now"/> while no link is attached: what it does meanwhile
    /// (moves finishing, queued commands, reports) is answered to nobody, as a board keeps running while
    /// the host is away.
    /// </summary>
    public void CatchUp(long now) => AdvanceTo(now, new InboundWire(default));

    /// <summary>Begins a run at <paramref name="now"/>.</summary>
    public void Start(long now)
    {
        DisconnectRequested = false;
        _clock = Math.Max(_clock, now);
        CheckFaultTriggers(_clock);
    }

    /// <summary>Handles everything due up to <paramref name="now"/>, in time order.</summary>
    public void AdvanceTo(long now, InboundWire wire)
    {
        while (true)
        {
            RunMainLoop(_clock);
            if (DisconnectRequested)
                return;
            var next = Math.Min(wire.NextArrival, NextInternalEvent());
            if (next > now)
                break;
            _clock = Math.Max(_clock, next);
            if (wire.NextArrival > _clock)
                FireTimers(_clock);
            while (wire.NextArrival <= _clock)
                OnArrival(wire.Take(), _clock);
        }
        _clock = Math.Max(_clock, now);
    }

    /// <summary>When something next needs the firmware's attention; <see cref="long.MaxValue"/> for never.</summary>
    public long NextEventTime(InboundWire wire) => Math.Min(wire.NextArrival, NextInternalEvent());

    private long NextInternalEvent()
    {
        var next = Math.Min(_planner.NextCompletion, _nextBusy);
        return IsHalted ? next : Math.Min(next, _timers.NextAutoreport);
    }

    private void RunMainLoop(long now)
    {
        var progress = true;
        while (progress && !DisconnectRequested)
        {
            progress = false;
            while (!_blocked && _queue.Count < _options.QueueSlots && _receiver.TryReadLine(out var line))
            {
                progress = true;
                OnLine(line, now);
            }
            if (_queue.Count > 0 && TryProcessHead(now))
                progress = true;
        }
    }

    private void OnArrival(byte value, long now)
    {
        var emergency = _receiver.Arrive(value);
        if (IsHalted)
            return;
        if (emergency == EmergencyCommand.M112)
            Halt(_profile.EmergencyStopReason, _profile.EmergencyStopLines, now);
        else if (emergency == EmergencyCommand.M410)
            _planner.Clear();
    }

    private void OnLine(string line, long now)
    {
        if (IsHalted)
        {
            OnHaltedLine(line, now);
            return;
        }
        var command = _intake.Take(line, now, out var flush);
        if (command is null)
        {
            if (flush)
                _receiver.Flush();
            return;
        }
        if (!_options.EmergencyParser && command.Code == "M112")
        {
            Halt(_profile.EmergencyStopReason, _profile.EmergencyStopLines, now);
            return;
        }
        _queue.Enqueue(command);
    }

    private bool TryProcessHead(long now)
    {
        var command = _queue.Peek();
        var result = _processor.Execute(command, now);
        if (result.Outcome == CommandOutcome.Blocked)
        {
            if (!_blocked)
            {
                _blocked = true;
                _nextBusy = _profile.BusyLine is not null && _timers.BusyInterval > 0 ? now + _timers.BusyInterval : long.MaxValue;
            }
            return false;
        }
        if (result.Outcome == CommandOutcome.EmergencyStop)
        {
            Halt(_profile.EmergencyStopReason, _profile.EmergencyStopLines, now);
            return true;
        }
        _blocked = false;
        _nextBusy = long.MaxValue;
        SendOk(result.OkLine ?? OkLine(command), now);
        _queue.Dequeue();
        _processor.FinishHead();
        _stats.CommandExecuted();
        if (_log.IsEnabled)
            _log.Write(command.Text);
        CheckFaultTriggers(now);
        SendChatter(now);
        return true;
    }

    /// <summary>The ok of a processed command, unless a fault loses it or sends it twice.</summary>
    private void SendOk(string ok, long now)
    {
        if (_faults.DropOk())
            return;
        Output.Send(ok, now);
        if (_faults.DuplicateOk())
            Output.Send(ok, now);
    }

    /// <summary>Lines a noisy firmware prints between oks: unasked temperatures, noise, <c>wait</c> when idle.</summary>
    private void SendChatter(long now)
    {
        if (IsHalted)
            return;
        var temperatures = _temperatures.Format(_profile.TemperatureFormat);
        if (_faults.Autoreport())
            Output.Send(temperatures, now);
        if (_faults.Garbage(temperatures) is { } noise)
            Output.Send(noise, now);
        if (_queue.Count == 0 && _receiver.Buffered == 0 && _faults.WaitWhenIdle())
            Output.Send("wait", now);
    }

    /// <summary><c>ok</c>, or with ADVANCED_OK <c>ok N10 P15 B3</c> (B counts the command being answered as queued, as Marlin does).</summary>
    private string OkLine(QueuedCommand command)
    {
        if (!_processor.AdvancedOkEnabled)
            return "ok";
        var number = command.LineNumberText is null ? string.Empty : " " + command.LineNumberText;
        return FormattableString.Invariant($"ok{number} P{_planner.Free} B{_options.QueueSlots - _queue.Count}");
    }

    private void FireTimers(long now)
    {
        _planner.CompleteDue(now);
        if (!IsHalted && _timers.NextAutoreport <= now)
        {
            Output.Send(_temperatures.Format(_profile.TemperatureFormat), now);
            _timers.NextAutoreport = Math.Max(_timers.NextAutoreport + _timers.AutoreportInterval, now + 1);
        }
        if (_nextBusy <= now)
        {
            Output.Send(_profile.BusyLine!, now);
            _nextBusy = _timers.BusyInterval > 0 ? Math.Max(_nextBusy + _timers.BusyInterval, now + 1) : long.MaxValue;
        }
    }

    private void OnHaltedLine(string line, long now)
    {
        var code = CommandText.Code(LineIntake.Unframed(line));
        if (_profile.ResetCommand is { } reset && code == reset)
        {
            _haltReason = null;
            _stats.SetHalted(false);
            Output.Send("ok", now);
            return;
        }
        if (_profile.HaltedReply is { } reply)
        {
            Output.Send(reply, _haltReason, now);
            if (_profile.HaltedReplyHasOk)
                Output.Send("ok", now);
        }
    }

    private void Halt(string reason, IReadOnlyList<string> lines, long now)
    {
        if (IsHalted)
            return;
        _haltReason = reason;
        _queue.Clear();
        _processor.FinishHead();
        _blocked = false;
        _nextBusy = long.MaxValue;
        _planner.Clear();
        _temperatures.Off();
        _timers.StopAutoreport();
        foreach (var line in lines)
            Output.Send(line, now);
        _stats.SetHalted(true);
    }

    private void CheckFaultTriggers(long now)
    {
        var executed = _stats.CommandsExecuted;
        if (_options.HaltAfter == executed && !IsHalted)
            Halt(_profile.ThermalRunawayReason, _profile.ThermalRunawayLines, now);
        if (_options.DisconnectAfter == executed && !_disconnectFired)
        {
            _disconnectFired = true;
            DisconnectRequested = true;
            _stats.SetDisconnected();
        }
    }
}
