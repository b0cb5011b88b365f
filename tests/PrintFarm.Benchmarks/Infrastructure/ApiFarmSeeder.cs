using PrintFarm.Farm;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>What a seeded coordinator store holds: the ids the load client asks for, and who reports progress.</summary>
internal sealed record ApiFarm(
    string Directory,
    int Printers,
    IReadOnlyList<long> JobIds,
    IReadOnlyDictionary<string, long> JobsByState,
    IReadOnlyList<(string PrinterId, long? JobId)> Reporters,
    double SeedSeconds);

/// <summary>
/// Fills a SQLite data directory for <c>printfarm serve</c> through the farm core's own services: the benchmark farm's
/// printers and demands (<see cref="FarmSeeder"/>), one planning + dispatch round (which plans the jobs, with their
/// audit entries, and assigns one to each free printer within the sites' heating limits), then most of the assigned
/// jobs started, and some of those finished and their beds cleared, so the store has queued, assigned, printing and
/// completed jobs and a history, as a running farm does.
/// </summary>
internal static class ApiFarmSeeder
{
    public static async Task<ApiFarm> SeedAsync(string directory, int printers, int jobs, int seed)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        System.IO.Directory.CreateDirectory(directory);
        var time = TimeProvider.System;
        var options = new FarmOptions { MaxHeatingPerSite = 4 };
        var store = SqliteFarmStore.InDirectory(directory);
        await using (store)
        {
            await store.MigrateAsync();
            // About four parts a plate over the three variants: ask for four times the jobs wanted.
            var demands = Math.Max(10, Math.Min(2_000, jobs / 5));
            await FarmSeeder.SeedAsync(store, directory, printers, demands, jobs * 4, seed);
            var round = new SchedulingRound(store, new Dispatcher(store, options, time), time);
            var (_, dispatch) = await round.RunAsync("bench");

            var lifecycle = new JobLifecycle(store, options, time);
            var registry = new PrinterRegistry(store, options, time);
            var random = new Random(seed);
            foreach (var (jobId, printerId) in dispatch.Assignments)
            {
                // 90% of the assigned jobs start; a quarter of those finish and their beds are cleared.
                if (random.NextDouble() >= 0.9)
                    continue;
                await lifecycle.StartedAsync(jobId, "bench");
                if (random.NextDouble() < 0.25)
                {
                    await lifecycle.CompletedAsync(jobId, "bench");
                    await registry.BedClearedAsync(printerId, 3, "bench");
                }
            }

            var reader = store.Reader;
            var ids = new List<long>();
            for (var offset = 0L; ; offset += Paging.MaxLimit)
            {
                var page = await reader.ListJobsAsync(new JobQuery { Limit = Paging.MaxLimit, Offset = offset });
                ids.AddRange(page.Items.Select(j => j.Id));
                if (page.Items.Count < Paging.MaxLimit)
                    break;
            }
            var reporters = new List<(string, long?)>();
            for (var offset = 0L; ; offset += Paging.MaxLimit)
            {
                var page = await reader.ListPrintersAsync(new PrinterQuery { Limit = Paging.MaxLimit, Offset = offset });
                reporters.AddRange(page.Items.Select(p => (p.Id, p.CurrentJobId)));
                if (page.Items.Count < Paging.MaxLimit)
                    break;
            }
            var counts = await reader.GetCountsAsync();
            var byState = counts.JobsByState.Where(kv => kv.Value > 0)
                .ToDictionary(kv => kv.Key.ToString().ToLowerInvariant(), kv => kv.Value, StringComparer.Ordinal);
            ids.Sort();
            return new ApiFarm(directory, printers, ids, byState, reporters, watch.Elapsed.TotalSeconds);
        }
    }

    /// <summary>A fresh copy of a seeded data directory, so every run starts from the same store.</summary>
    public static void Copy(string from, string to)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Printers by state, for the report.</summary>
    public static string Describe(ApiFarm farm) =>
        $"{farm.Printers} printers, {farm.JobIds.Count} jobs ({string.Join(", ", farm.JobsByState.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Value} {kv.Key}"))}), "
        + $"{farm.Reporters.Count(r => r.JobId is not null)} printers with a current job; seeded in {farm.SeedSeconds:0.0} s";
}
