using System.Text.Json;
using System.Threading.Channels;
using PrintFarm.Printing.Protocol;
using PrintFarm.Wire;

namespace PrintFarm.Agent;

internal sealed partial class AgentPrinter
{
    private const int MaxCommandIdLength = 200;
    private const int MaxGcodeLineLength = 256;
    private static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan GcodeTimeout = TimeSpan.FromMinutes(15);

    private readonly Channel<byte[]> _commands = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private Task _sessionEnded = Task.CompletedTask;

    /// <summary>A payload from the printer's <c>commands</c> topic; handled in arrival order on the command loop.</summary>
    public void Post(byte[] payload)
    {
        if (!_commands.Writer.TryWrite(payload))
            LogCommandQueueFull(_log, Id);
    }

    private async Task CommandLoopAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var payload in _commands.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(payload, stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // Nothing a command says may stop the agent.
                    LogCommandCrashed(_log, Id, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task HandleAsync(byte[] payload, CancellationToken stop)
    {
        CommandMessage command;
        try
        {
            command = MqttJson.Parse<CommandMessage>(payload);
        }
        catch (MqttPayloadException ex)
        {
            var id = TryReadCommandId(payload);
            LogCommandDropped(_log, Id, id ?? "(none)", ex.Message);
            if (id is not null)
                await AckAsync(new AckMessage(id, false, ex.Message), stop).ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrWhiteSpace(command.CommandId) || command.CommandId.Length > MaxCommandIdLength)
        {
            LogCommandDropped(_log, Id, "(none)", "no usable commandId");
            return;
        }
        if (Validate(command) is { } problem)
        {
            LogCommandDropped(_log, Id, command.CommandId, problem);
            await AckAsync(new AckMessage(command.CommandId, false, problem), stop).ConfigureAwait(false);
            return;
        }
        if (_ctx.Journal.Find(Id, command.CommandId) is { } earlier)
        {
            // Seen before: the same answer again (once it has one), and nothing run again.
            LogRepeat(_log, Id, command.CommandId, command.Type);
            _ = AnswerAgainAsync(earlier, stop);
            return;
        }
        if (Precondition(command) is { } notNow)
        {
            // Nothing was run, so nothing is recorded: the same command may run once the printer can take it.
            LogRefused(_log, Id, command.CommandId, command.Type, notNow);
            await AckAsync(Refuse(command, notNow), stop).ConfigureAwait(false);
            return;
        }
        if (!_ctx.Journal.TryBegin(Id, command.CommandId, out earlier))
        {
            _ = AnswerAgainAsync(earlier, stop);
            return;
        }
        LogCommand(_log, Id, command.CommandId, command.Type);
        Task<AckMessage> outcome;
        try
        {
            outcome = Execute(command);
        }
        catch (Exception ex) when (ex is InvalidOperationException or PrinterFaultException)
        {
            outcome = Task.FromResult(Refuse(command, ex.Message));
        }
        _ = FinishAsync(command, outcome, stop);
    }

    /// <summary>What is wrong with a command's fields, or null.</summary>
    private static string? Validate(CommandMessage c) => c.Type switch
    {
        _ when !MessageTypes.Commands.Contains(c.Type) => $"unknown command type \"{c.Type}\"",
        MessageTypes.StartJob when c.JobId is null => "start-job needs jobId",
        MessageTypes.StartJob when string.IsNullOrWhiteSpace(c.Url) => "start-job needs url",
        MessageTypes.StartJob when c.Sha256 is not { Length: 64 } || !c.Sha256.All(char.IsAsciiHexDigit) => "start-job needs sha256 (64 hex digits)",
        MessageTypes.StartJob when c.Size is not > 0 => "start-job needs size (bytes, more than 0)",
        MessageTypes.Gcode when string.IsNullOrWhiteSpace(c.Line) => "gcode needs line",
        MessageTypes.Gcode when c.Line!.Length > MaxGcodeLineLength || c.Line.Any(char.IsControl) => $"gcode line must be one line of at most {MaxGcodeLineLength} characters",
        MessageTypes.ClearBed when c.GoodParts is < 0 => "clear-bed goodParts must be 0 or more",
        _ => null,
    };

    /// <summary>Why the printer cannot take the command now, before anything is done; null when it can.</summary>
    private string? Precondition(CommandMessage command)
    {
        var session = _session;
        switch (command.Type)
        {
            case MessageTypes.ClearBed:
                return _job is { } onBed ? $"job {onBed.JobId} is on the printer" : null;
            case MessageTypes.StartJob:
                if (session is null)
                    return "the printer is not connected";
                if (_job is { } busy)
                    return $"the printer is busy with job {busy.JobId}";
                if (session.State != SessionState.Ready)
                    return $"the printer is {CurrentState().Status}, not ready";
                if (command.Profile is { Length: > 0 } profile
                    && !string.Equals(profile, _config.Profile, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(profile, session.Profile?.Name, StringComparison.OrdinalIgnoreCase))
                    return $"job {command.JobId} is sliced for profile {profile}; this printer runs {session.Profile?.Name ?? _config.Profile}";
                return null;
            case MessageTypes.Cancel when session is not null && _job is null:
                return "no job is running";
            default:
                return session is null ? "the printer is not connected" : null;
        }
    }

    /// <summary>Starts the command now (so commands reach the printer in arrival order) and returns its answer to come.</summary>
    private Task<AckMessage> Execute(CommandMessage command)
    {
        var session = _session;
        if (command.Type == MessageTypes.StartJob)
            return StartJob(command);
        if (command.Type == MessageTypes.ClearBed)
            return Task.FromResult(ClearBed(command));
        if (session is null)
            return Task.FromResult(Refuse(command, "the printer is not connected"));
        switch (command.Type)
        {
            case MessageTypes.Pause:
                return Await(command, session.PauseAsync(), ControlTimeout);
            case MessageTypes.Resume:
                return Await(command, session.ResumeAsync(), ControlTimeout);
            case MessageTypes.Cancel:
                if (_job is not { } job)
                    return Task.FromResult(Refuse(command, "no job is running"));
                job.Stop("cancelled");
                return Task.FromResult(new AckMessage(command.CommandId, true));
            case MessageTypes.EmergencyStop:
                // M112 goes out ahead of everything; the firmware's halt then fails a running job.
                return Await(command, session.EmergencyStopAsync(), ControlTimeout);
            case MessageTypes.Gcode:
                return Await(command, session.SendCommandAsync(command.Line!), GcodeTimeout);
            default:
                return Task.FromResult(Refuse(command, $"unknown command type \"{command.Type}\""));
        }
    }

    private AckMessage ClearBed(CommandMessage command)
    {
        if (_job is { } job)
            return Refuse(command, $"job {job.JobId} is on the printer");
        Outbox.Add(MessageTypes.BedCleared, _lastJobId, goodParts: command.GoodParts);
        return new AckMessage(command.CommandId, true);
    }

    /// <summary>Waits for the printer to take a command, but never longer than the session lives or the timeout.</summary>
    private async Task<AckMessage> Await(CommandMessage command, Task operation, TimeSpan timeout)
    {
        var ended = _sessionEnded;
        var finished = await Task.WhenAny(operation, ended, Task.Delay(timeout, _ctx.Time)).ConfigureAwait(false);
        if (finished != operation)
            return Refuse(command, finished == ended ? "the printer link was lost" : $"no answer from the printer within {timeout.TotalSeconds:0} s");
        try
        {
            await operation.ConfigureAwait(false);
            return new AckMessage(command.CommandId, true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or PrinterFaultException or IOException or OperationCanceledException)
        {
            return Refuse(command, ex.Message);
        }
    }

    private async Task FinishAsync(CommandMessage command, Task<AckMessage> outcome, CancellationToken stop)
    {
        AckMessage ack;
        try
        {
            ack = await outcome.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ack = Refuse(command, ex.Message);
        }
        _ctx.Journal.Complete(Id, ack);
        if (!ack.Ok)
            LogRefused(_log, Id, command.CommandId, command.Type, ack.Error ?? "");
        await AckAsync(ack, stop).ConfigureAwait(false);
    }

    private async Task AnswerAgainAsync(Task<AckMessage> earlier, CancellationToken stop)
    {
        try
        {
            await AckAsync(await earlier.WaitAsync(stop).ConfigureAwait(false), stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Acks go out directly (QoS 1); a lost ack is answered again when the coordinator repeats the command.</summary>
    private async Task AckAsync(AckMessage ack, CancellationToken stop)
    {
        try
        {
            await _ctx.Broker.PublishAsync(_ctx.Topics.Acks(Id), MqttJson.Serialize(ack), retain: false, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static AckMessage Refuse(CommandMessage command, string reason) => new(command.CommandId, false, reason);

    /// <summary>The <c>commandId</c> of a payload that is not a valid command, if one can be read at all.</summary>
    internal static string? TryReadCommandId(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                    continue;
                var isId = string.Equals(reader.GetString(), "commandId", StringComparison.OrdinalIgnoreCase);
                if (!reader.Read())
                    return null;
                if (isId)
                    return reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 and <= MaxCommandIdLength } id ? id : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Read as far as it goes.
        }
        catch (InvalidOperationException)
        {
            // Skip over a value cut short.
        }
        return null;
    }
}
