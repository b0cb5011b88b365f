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
/// <c>/metrics</c> in Prometheus text format: printers by state, jobs by state, parts by ledger stage, lines
/// and resends over all links (rates come from Prometheus' <c>rate()</c>), event-stream clients. The counts are
/// read from the store when scraped, so they are exact, not sampled.
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
        var lines = factory.CreateGauge("printfarm_lines_sent_total", "G-code lines sent over all local links since start");
        var resends = factory.CreateGauge("printfarm_resends_total", "Lines resent after a checksum or line-number error, over all local links since start");
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
            long sent = 0, resent = 0;
            foreach (var (_, printer) in live.All)
            {
                sent += printer.Snapshot.LinesSent;
                resent += printer.Snapshot.Resends;
            }
            lines.Set(sent);
            resends.Set(resent);
            streams.Set(hub.Subscribers);
        });
        app.MapMetrics(s => s.Registry = registry, "/metrics");
    }
}
