using System.Text;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Health;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Protocol;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Agents.Bridge;

/// <summary>
/// What an agent's messages mean for the farm. A printer's messages count only if the printer is registered as
/// reached through an agent; everything else is dropped. Farm refusals (a completion for a job already
/// completed, a start for a job that moved on) are the normal result of a repeat and are logged, not thrown.
/// </summary>
internal sealed partial class AgentStateMapper
{
    private const string Actor = "agent";
    private readonly LiveStatusBoard _live;
    private readonly PrinterRegistry _registry;
    private readonly JobLifecycle _lifecycle;
    private readonly IFarmReader _reader;
    private readonly IFarmStore _store;
    private readonly GcodeFileStore _files;
    private readonly StoreWrites _writes;
    private readonly AgentPresence _presence;
    private readonly EventDeduplicator _dedup = new();
    private readonly TimeSpan _stale;
    private readonly TimeSpan _grace;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentStateMapper> _log;

    private readonly HashSet<string> _drivenHere;

    public AgentStateMapper(LiveStatusBoard live, PrinterRegistry registry, JobLifecycle lifecycle, IFarmReader reader, IFarmStore store, GcodeFileStore files, StoreWrites writes, AgentPresence presence, ServeOptions options, TimeProvider time, ILogger<AgentStateMapper> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Printers in the config (bridges' printers included) have their own loop here, not an agent.
        _drivenHere = options.Printers.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        _live = live;
        _registry = registry;
        _lifecycle = lifecycle;
        _reader = reader;
        _store = store;
        _files = files;
        _writes = writes;
        _presence = presence;
        _stale = TimeSpan.FromSeconds(options.Mqtt.StaleSeconds);
        _grace = TimeSpan.FromSeconds(options.Mqtt.OfflineGraceSeconds);
        _time = time;
        _log = log;
    }

    public void OnOnline(string agentId, byte[] payload)
    {
        var text = Encoding.UTF8.GetString(payload).Trim();
        if (text is not ("true" or "false"))
            throw new MqttPayloadException($"online must be true or false, not \"{(text.Length > 20 ? text[..20] + "..." : text)}\"");
        _presence.Said(agentId, text == "true");
    }

    public async Task OnStateAsync(string printerId, PrinterStateMessage state, DateTimeOffset? receivedAt = null)
    {
        var printer = await AgentPrinterAsync(printerId).ConfigureAwait(false);
        _presence.Heard(printer.LinkAddress, receivedAt);
        if (!WireNames.TryParse<SessionState>(state.Status, out var status))
            throw new MqttPayloadException($"unknown status \"{state.Status}\"");
        var live = _live.For(printerId);
        var previous = live.Snapshot;
        live.Set(new LiveSnapshot(status, ToReport(state.Temperatures), state.JobId, Math.Clamp(state.Progress, 0, 1),
            previous.JobId == state.JobId ? previous.Elapsed : TimeSpan.Zero, previous.LinesSent, previous.Resends, state.Message));
        switch (status)
        {
            case SessionState.Ready or SessionState.Printing or SessionState.Paused when printer.State == PrinterState.Offline:
                await FarmAsync(() => _registry.SetStateAsync(printerId, PrinterState.NeedsBedClear, Actor, "agent reports the printer online")).ConfigureAwait(false);
                break;
            case SessionState.Paused when printer.State == PrinterState.Printing && printer.CurrentJobId is { } paused:
                await FarmAsync(() => _lifecycle.PausedAsync(paused, Actor)).ConfigureAwait(false);
                break;
            case SessionState.Printing when printer.State == PrinterState.Paused && printer.CurrentJobId is { } resumed:
                await FarmAsync(() => _lifecycle.ResumedAsync(resumed, Actor)).ConfigureAwait(false);
                break;
            case SessionState.Faulted when printer.State is not (PrinterState.Error or PrinterState.Maintenance):
                await FarmAsync(() => _registry.SetStateAsync(printerId, PrinterState.Error, Actor, state.Message ?? "the agent reports a firmware fault")).ConfigureAwait(false);
                break;
            case SessionState.Disconnected or SessionState.Interrupted or SessionState.Closed
                when printer.State is not (PrinterState.Offline or PrinterState.Maintenance or PrinterState.Error):
                await FarmAsync(() => _registry.SetStateAsync(printerId, PrinterState.Offline, Actor, state.Message ?? "the agent lost the printer's port")).ConfigureAwait(false);
                break;
        }
    }

    public async Task OnEventAsync(string printerId, PrinterEventMessage e, DateTimeOffset? receivedAt = null)
    {
        if (!MessageTypes.Events.Contains(e.Type))
            throw new MqttPayloadException($"unknown event type \"{e.Type}\"");
        if (string.IsNullOrEmpty(e.Session) || e.Seq <= 0)
            throw new MqttPayloadException("an event needs a session and a positive seq");
        var printer = await AgentPrinterAsync(printerId).ConfigureAwait(false);
        _presence.Heard(printer.LinkAddress, receivedAt);
        if (!_dedup.IsNew(printerId, e.Session, e.Seq))
            return;
        var job = e.JobId is { } id ? await _reader.GetJobAsync(id, CancellationToken.None).ConfigureAwait(false) : null;
        if (e.JobId is not null && (job is null || (job.PrinterId ?? job.TargetPrinterId) != printerId))
            throw new MqttPayloadException($"job {e.JobId} is not on printer {printerId}");
        switch (e.Type)
        {
            case MessageTypes.JobStarted when job is { State: JobState.Assigned }:
                await FarmAsync(() => _lifecycle.StartedAsync(job.Id, Actor)).ConfigureAwait(false);
                break;
            case MessageTypes.Progress when job is not null:
                var live = _live.For(printerId);
                var s = live.Snapshot;
                live.Set(s with { JobId = job.Id, Progress = Math.Clamp(e.Progress ?? s.Progress, 0, 1), LinesSent = e.LinesSent ?? s.LinesSent, Resends = e.Resends ?? s.Resends });
                break;
            case MessageTypes.JobCompleted when job is not null:
                if (job.State == JobState.Assigned)
                    await FarmAsync(() => _lifecycle.StartedAsync(job.Id, Actor)).ConfigureAwait(false);
                await FarmAsync(() => _lifecycle.CompletedAsync(job.Id, Actor)).ConfigureAwait(false);
                break;
            case MessageTypes.JobFailed when job is not null && FailureReasons.IsInterruption(e.Reason):
                // Cut short by the link or the agent's own stop, not failed by the printer: the job is interrupted and
                // the printer goes offline, as for a local printer whose link is lost (one still downloading is queued again).
                if (printer.CurrentJobId == job.Id)
                    await FarmAsync(() => _registry.SetStateAsync(printerId, PrinterState.Offline, Actor, $"job {job.Id} {e.Reason}")).ConfigureAwait(false);
                break;
            case MessageTypes.JobFailed when job is not null:
                if (job.State == JobState.Assigned)
                    await FarmAsync(() => _lifecycle.StartedAsync(job.Id, Actor)).ConfigureAwait(false);
                if (e.Reason == "cancelled")
                    await FarmAsync(() => _lifecycle.CancelAsync(job.Id, Actor)).ConfigureAwait(false);
                else
                    await FarmAsync(() => _lifecycle.FailedAsync(job.Id, e.Reason ?? "failed on the agent", Actor)).ConfigureAwait(false);
                break;
            case MessageTypes.Error:
                await FarmAsync(() => _registry.SetStateAsync(printerId, PrinterState.Error, Actor, e.Reason ?? "the agent reports an error")).ConfigureAwait(false);
                break;
            case MessageTypes.BedCleared:
                await FarmAsync(() => _registry.BedClearedAsync(printerId, e.GoodParts ?? 0, Actor)).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Jobs assigned to agents' printers that are waiting for their start-job command.</summary>
    public async Task<IReadOnlyList<PendingStart>> PendingStartsAsync(CancellationToken ct)
    {
        var starts = new List<PendingStart>();
        for (long offset = 0; ; offset += Paging.MaxLimit)
        {
            var page = await _reader.ListJobsAsync(new JobQuery { States = [JobState.Assigned], Limit = Paging.MaxLimit, Offset = offset }, ct).ConfigureAwait(false);
            foreach (var job in page.Items)
            {
                if (job.PrinterId is not { } printerId)
                    continue;
                var printer = await _store.Printers.GetAsync(printerId, ct).ConfigureAwait(false);
                if (printer is not { LinkKind: LinkKind.Agent } || _drivenHere.Contains(printerId))
                    continue;
                var variant = await _reader.GetVariantAsync(job.VariantId, ct).ConfigureAwait(false);
                var path = variant is null ? null : _files.Find(variant.Sha256);
                if (variant is null || path is null)
                    continue;
                starts.Add(new PendingStart(printerId, new CommandMessage(
                    CommandId: $"start-{job.Id}-{job.Attempts + 1}",
                    Type: MessageTypes.StartJob,
                    JobId: job.Id,
                    Url: $"/api/agent/jobs/{job.Id}/gcode",
                    Sha256: variant.Sha256,
                    Size: new FileInfo(path).Length,
                    Profile: variant.Profile)));
            }
            if (page.Items.Count < Paging.MaxLimit)
                return starts;
        }
    }

    /// <summary>Printers of agents away longer than the grace period go offline; a running job is interrupted.</summary>
    public async Task TakeAwayAgentsOfflineAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        foreach (var printer in await _store.Printers.AllAsync(new PrinterQuery(), ct).ConfigureAwait(false))
        {
            if (printer.LinkKind != LinkKind.Agent || printer.State is PrinterState.Offline or PrinterState.Maintenance || _drivenHere.Contains(printer.Id))
                continue;
            if (_presence.AwaySince(printer.LinkAddress, _stale) is { } since && now - since >= _grace)
            {
                LogAgentAway(_log, printer.LinkAddress, printer.Id, (now - since).TotalSeconds);
                await FarmAsync(() => _registry.SetStateAsync(printer.Id, PrinterState.Offline, "system:agent-watch",
                    $"agent {printer.LinkAddress} away for {(now - since).TotalSeconds:0} s")).ConfigureAwait(false);
            }
        }
    }

    private async Task<Printer> AgentPrinterAsync(string printerId)
    {
        var printer = await _store.Printers.GetAsync(printerId, CancellationToken.None).ConfigureAwait(false);
        if (printer is not { LinkKind: LinkKind.Agent } || _drivenHere.Contains(printerId))
            throw new MqttPayloadException($"printer {printerId} is not registered as reached through an agent");
        return printer;
    }

    private async Task FarmAsync<T>(Func<Task<T>> operation) where T : class
    {
        try
        {
            // Retried until the store takes it: an agent's finished print is never lost to a short store failure.
            await _writes.RunAsync(_ => operation()).ConfigureAwait(false);
        }
        catch (FarmValidationException ex)
        {
            LogRefused(_log, ex.Message);
        }
    }

    private static TemperatureReport? ToReport(TemperaturesView? view)
    {
        if (view is null)
            return null;
        var readings = new List<TemperatureReading>();
        if (view.Tool0 is { } t)
            readings.Add(new TemperatureReading("tool0", t.Actual, t.Target));
        if (view.Bed is { } b)
            readings.Add(new TemperatureReading("bed", b.Actual, b.Target));
        return new TemperatureReport(readings);
    }

}

/// <summary>A start-job command waiting to be sent.</summary>
internal sealed record PendingStart(string PrinterId, CommandMessage Command);
