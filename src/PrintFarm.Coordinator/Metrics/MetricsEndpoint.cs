using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Wire;
using Prometheus;

namespace PrintFarm.Coordinator.Metrics;

/// <summary>
/// <c>/metrics</c> in Prometheus text format. Gauges (levels, never called <c>_total</c>): printers by state, jobs by
/// state, parts by ledger stage, event-stream clients; these are read from the store when scraped, so they are exact,
/// not sampled. Counters (<c>_total</c>, only ever growing since start; rates come from Prometheus' <c>rate()</c>):
/// lines sent and resent over all links, and <see cref="ChangeCounters"/>' changes and ended jobs.
/// </summary>
public static class MetricsEndpoint
{
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registry = app.Services.GetRequiredService<ChangeCounters>().Registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var printers = factory.CreateGauge("printfarm_printers", "Printers by state", "state");
        var jobs = factory.CreateGauge("printfarm_jobs", "Jobs by state", "state");
        var parts = factory.CreateGauge("printfarm_parts", "Parts by ledger stage, over all designs and requesters", "stage");
        var lines = factory.CreateCounter("printfarm_lines_sent_total", "G-code lines sent over all links (local and agents') since start");
        var resends = factory.CreateCounter("printfarm_resends_total", "Lines resent after a checksum or line-number error, over all links since start");
        var streams = factory.CreateGauge("printfarm_event_stream_clients", "Open /api/events streams");
        var reader = app.Services.GetRequiredService<IFarmReader>();
        var live = app.Services.GetRequiredService<LiveStatusBoard>();
        var hub = app.Services.GetRequiredService<EventHub>();
        registry.AddBeforeCollectCallback(async ct =>
        {
            var counts = await reader.GetCountsAsync(ct).ConfigureAwait(false);
            foreach (var state in Enum.GetValues<PrinterState>())
                printers.WithLabels(WireNames.Of(state)).Set(counts.PrintersByState.GetValueOrDefault(state));
            foreach (var state in Enum.GetValues<JobState>())
                jobs.WithLabels(WireNames.Of(state)).Set(counts.JobsByState.GetValueOrDefault(state));
            LedgerCounts sum = default;
            foreach (var row in await reader.ListLedgerAsync(new LedgerQuery(), ct).ConfigureAwait(false))
                sum += row.Counts;
            foreach (var stage in Enum.GetValues<LedgerStage>())
                parts.WithLabels(WireNames.Of(stage)).Set(sum[stage]);
            lines.IncTo(live.LinesSentTotal);
            resends.IncTo(live.ResendsTotal);
            streams.Set(hub.Subscribers);
        });
        app.MapMetrics(s => s.Registry = registry, "/metrics");
    }
}
