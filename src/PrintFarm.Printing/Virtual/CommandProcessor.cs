using System.Diagnostics;
using System.Globalization;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Processes the command at the head of the queue: replies, state changes, planner blocks. A command
/// that cannot finish yet answers <see cref="CommandResult.Blocked"/> and is asked again later, so
/// the work it has done so far is kept until <see cref="FinishHead"/>.
/// </summary>
internal sealed class CommandProcessor
{
    private readonly VirtualPrinterOptions _options;
    private readonly DialectProfile _profile;
    private readonly ResponseChannel _output;
    private readonly MotionModel _motion;
    private readonly Planner _planner;
    private readonly TemperatureModel _temperatures;
    private readonly FirmwareTimers _timers;
    private readonly LineIntake _intake;
    private long? _headTicks;
    private bool _homingPlanned;

    public CommandProcessor(VirtualPrinterOptions options, DialectProfile profile, ResponseChannel output,
        MotionModel motion, Planner planner, TemperatureModel temperatures, FirmwareTimers timers, LineIntake intake)
    {
        _options = options;
        _profile = profile;
        _output = output;
        _motion = motion;
        _planner = planner;
        _temperatures = temperatures;
        _timers = timers;
        _intake = intake;
        AutoreportEnabled = profile.SupportsAutoreport && (options.AutoreportTemp ?? profile.AutoreportByDefault);
        AdvancedOkEnabled = profile.SupportsAdvancedOk && options.AdvancedOk;
    }

    public bool AutoreportEnabled { get; }

    public bool AdvancedOkEnabled { get; }

    /// <summary>Forgets the head command's progress once it has left the queue.</summary>
    public void FinishHead()
    {
        _headTicks = null;
        _homingPlanned = false;
    }

    public CommandResult Execute(QueuedCommand command, long now)
    {
        var text = command.Text;
        switch (command.Code)
        {
            case "G0" or "G1":
                _headTicks ??= Scale(_motion.LinearMove(text));
                return Plan(_headTicks.Value, now);
            case "G2" or "G3":
                _headTicks ??= Scale(_motion.ArcMove(text, clockwise: command.Code == "G2"));
                return Plan(_headTicks.Value, now);
            case "G4":
                _headTicks ??= Scale(MotionModel.Dwell(text));
                return Plan(_headTicks.Value, now);
            case "G28":
                return Home(text, now);
            case "G90" or "G91":
                _motion.SetRelative(command.Code == "G91");
                return CommandResult.Done;
            case "G92":
                _motion.SetPosition(text);
                return CommandResult.Done;
            case "M82" or "M83":
                _motion.SetRelativeExtruder(command.Code == "M83");
                return CommandResult.Done;
            case "M104" or "M109":
                _temperatures.SetHotend(Target(text, _temperatures.HotendTarget));
                if (_temperatures.HotendTarget <= 0)
                    _planner.MarkPrintOver();
                return CommandResult.Done;
            case "M18" or "M84" or "M77":
                _planner.MarkPrintOver();
                return Acknowledge(command, now);
            case "M140" or "M190":
                _temperatures.SetBed(Target(text, _temperatures.BedTarget));
                return CommandResult.Done;
            case "M105":
                return CommandResult.DoneWithOk("ok" + _temperatures.Format(_profile.TemperatureFormat));
            case "M110":
                if (CommandText.TryGet(text, 'N', out var line))
                    _intake.LastLine = (long)line;
                return CommandResult.Done;
            case "M112":
                return CommandResult.EmergencyStop;
            case "M113" when _profile.BusyLine is not null:
                if (CommandText.TryGet(text, 'S', out var busySeconds))
                    _timers.SetBusyInterval(busySeconds);
                return CommandResult.Done;
            case "M114":
                _output.Send(string.Format(CultureInfo.InvariantCulture, _profile.PositionFormat,
                    _motion.X, _motion.Y, _motion.Z, _motion.E), now);
                return CommandResult.Done;
            case "M115":
                return Identify(text, now);
            case "M155" when AutoreportEnabled:
                _timers.SetAutoreport(CommandText.GetOrDefault(text, 'S', 0), now);
                return CommandResult.Done;
            case "M400":
                return _options.Motion && !_planner.IsEmpty ? CommandResult.Blocked : CommandResult.Done;
            case "M155" or "M113":
                return Unknown(command, now);
            default:
                return Acknowledge(command, now);
        }
    }

    private CommandResult Plan(long ticks, long now)
    {
        if (!_options.Motion || ticks <= 0)
            return CommandResult.Done;
        if (_planner.Free <= 0)
            return CommandResult.Blocked;
        _planner.Add(ticks, now);
        return CommandResult.Done;
    }

    /// <summary>G28 waits for the planner to empty, homes, and answers only when homing is over.</summary>
    private CommandResult Home(string text, long now)
    {
        if (!_options.Motion)
        {
            _motion.Home(text);
            return CommandResult.Done;
        }
        if (!_homingPlanned)
        {
            if (!_planner.IsEmpty)
                return CommandResult.Blocked;
            _planner.Add(Math.Max(1, Scale(_motion.Home(text))), now);
            _homingPlanned = true;
        }
        return _planner.IsEmpty ? CommandResult.Done : CommandResult.Blocked;
    }

    private CommandResult Identify(string text, long now)
    {
        if (_profile.M115ArgumentIsVersionCheck && CommandText.Has(text, 'U'))
            return CommandResult.Done;
        if (_profile.FirmwareInfoOnOk)
            return CommandResult.DoneWithOk("ok " + _profile.FirmwareInfo);
        _output.Send(_profile.FirmwareInfo, now);
        foreach (var (name, enabled) in _profile.Capabilities)
            _output.Send($"Cap:{name}:{(CapabilityValue(name, enabled) ? 1 : 0)}", now);
        return CommandResult.Done;
    }

    private bool CapabilityValue(string name, bool fallback)
    {
        if (!_profile.CapabilitiesFollowOptions)
            return fallback;
        return name switch
        {
            "AUTOREPORT_TEMP" => AutoreportEnabled,
            "EMERGENCY_PARSER" => _options.EmergencyParser,
            "ADVANCED_OK" => AdvancedOkEnabled,
            _ => fallback,
        };
    }

    private CommandResult Acknowledge(QueuedCommand command, long now) =>
        _profile.KnownCommands.Contains(command.Code) || command.Code == _profile.ResetCommand
            ? CommandResult.Done
            : Unknown(command, now);

    private CommandResult Unknown(QueuedCommand command, long now)
    {
        if (_profile.UnknownCommandFormat is { } format)
            _output.Send(string.Format(CultureInfo.InvariantCulture, format, command.Text, command.Code), now);
        return CommandResult.Done;
    }

    private static double Target(string text, double current) =>
        CommandText.TryGet(text, 'S', out var s) ? s : CommandText.GetOrDefault(text, 'R', current);

    private long Scale(double seconds) => (long)(seconds / _options.TimeScale * Stopwatch.Frequency);
}
