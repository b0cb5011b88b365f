using System.Diagnostics;
using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Farm;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>scheduler</c>: 10,000 printers and 2,000 open demands totalling 100,000 parts. Times one
/// planning + dispatch round with the store's writes, a state change reaching job, printer, ledger
/// and audit, and the same state change after 1,000,000 audit rows. <c>--postgres CONNSTR</c> runs it
/// on PostgreSQL; pin it to one core with <c>taskset -c 0</c>. <c>--cpu</c> also prints the CPU time each round
/// took in this process and, for a PostgreSQL server on the same machine, in the server's processes: on a busy
/// machine the wall-clock time says more about the neighbours than about the round.
/// </summary>
internal static class SchedulerSuite
{
    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        var runs = cli.Runs;
        var postgres = cli.String("postgres", "");
        if (postgres.Length == 0)
            postgres = null!;
        var (Printers, Demands, Parts) = cli.Smoke ? (500, 100, 5_000) : (10_000, 2_000, 100_000);
        var options = new FarmOptions { MaxHeatingPerSite = 4 };
        var time = TimeProvider.System;
        var roundTimes = new List<double>();
        var cpu = cli.Flag("cpu");
        var changeTimes = new List<double>();
        var root = Path.Combine(Path.GetTempPath(), "printfarm-bench-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"{Printers} printers, {Demands} demands, {Parts} parts; {Environment.ProcessorCount} processor(s) visible; store {(postgres is null ? "sqlite" : "postgresql")}");

        for (var run = 0; run < runs; run++)
        {
            var dir = Path.Combine(root, run.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            await using var store = postgres is null ? (IFarmStore)SqliteFarmStore.InDirectory(dir) : new PostgresFarmStore(await NewSchemaAsync(postgres));
            await store.MigrateAsync();
            await FarmSeeder.SeedAsync(store, dir, Printers, Demands, Parts, seed: run);

            var round = new SchedulingRound(store, new Dispatcher(store, options, time), time);
            var serverPids = cpu && postgres is not null ? await ServerPidsAsync(postgres) : [];
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var serverBefore = ServerCpu(serverPids);
            var watch = Stopwatch.StartNew();
            var (plan, dispatch) = await round.RunAsync();
            watch.Stop();
            if (cpu)
            {
                var client = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalMilliseconds;
                var server = ServerCpu(serverPids) - serverBefore;
                Console.WriteLine($"run {run + 1}: round CPU time: {client:0} ms in this process"
                    + (postgres is null ? "" : serverPids.Count == 0 ? "; server processes not readable" : $", {server:0} ms in the server's {serverPids.Count} processes"));
            }
            roundTimes.Add(watch.Elapsed.TotalMilliseconds);
            Console.WriteLine($"run {run + 1}: planning + dispatch round {watch.Elapsed.TotalMilliseconds:0} ms: {plan.PartsOwed} parts owed, {dispatch.JobsCreated} plates cut ({dispatch.PartsPlanned} parts), {dispatch.Assignments.Count} assigned");

            var lifecycle = new JobLifecycle(store, options, time);
            var registry = new PrinterRegistry(store, options, time);
            var sample = dispatch.Assignments.Take(200).ToList();
            var times = new List<double>();
            foreach (var (jobId, printerId) in sample)
            {
                times.Add(await TimeAsync(() => lifecycle.StartedAsync(jobId, "bench")));
                times.Add(await TimeAsync(() => lifecycle.CompletedAsync(jobId, "bench")));
                times.Add(await TimeAsync(() => registry.BedClearedAsync(printerId, 3, "bench")));
            }
            changeTimes.AddRange(times);
            Console.WriteLine($"run {run + 1}: state change (job + printer + ledger + audit, one transaction): median {Median(times):0.00} ms, p99 {Percentile(times, 0.99):0.00} ms");

            if (run == 0 && !cli.Smoke)
                await HistoryAsync(store, lifecycle, registry, dispatch.Assignments.Skip(200).Take(400).ToList());
            var check = await new LedgerCheck(store).RunAsync();
            if (check.Count > 0)
                Console.WriteLine($"LEDGER CHECK FAILED: {check[0]}");
        }
        Console.WriteLine($"median planning + dispatch round over {runs} runs: {Median(roundTimes):0} ms (min {roundTimes.Min():0}, max {roundTimes.Max():0})");
        Console.WriteLine($"median state change over {changeTimes.Count}: {Median(changeTimes):0.00} ms, p99 {Percentile(changeTimes, 0.99):0.00} ms");
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }

        Results.Write(cli, "scheduler", [new Dictionary<string, object?>
        {
            ["store"] = postgres is null ? "sqlite" : "postgresql",
            ["printers"] = Printers, ["demands"] = Demands, ["parts"] = Parts,
            ["round_median_ms"] = Median(roundTimes), ["round_min_ms"] = roundTimes.Min(), ["round_max_ms"] = roundTimes.Max(),
            ["target_round_ms"] = 1000.0,
            ["state_change_median_ms"] = Median(changeTimes), ["state_change_p99_ms"] = Percentile(changeTimes, 0.99),
            ["target_state_change_ms"] = 10.0,
        }]);
        return 0;
    }

    private static async Task HistoryAsync(IFarmStore store, JobLifecycle lifecycle, PrinterRegistry registry, List<(long JobId, string PrinterId)> work)
    {
        var before = await MeasureAsync(lifecycle, registry, work.Take(200).ToList());
        var now = DateTimeOffset.UtcNow;
        var fill = Stopwatch.StartNew();
        for (var batch = 0; batch < 10; batch++)
        {
            await using var transaction = await store.BeginAsync();
            var entries = Enumerable.Range(0, 100_000).Select(i => new AuditEntry
            {
                At = now, Actor = "history", Action = "job.printing", Subject = $"job:{(batch * 100_000) + i + 10_000_000}", Details = "old history",
            }).ToList();
            await transaction.AppendAuditAsync(entries);
            await transaction.CommitAsync();
        }
        fill.Stop();
        long count;
        await using (var transaction = await store.BeginAsync())
            count = await transaction.CountAuditAsync();
        var after = await MeasureAsync(lifecycle, registry, work.Skip(200).ToList());
        Console.WriteLine($"history: added 1,000,000 audit rows in {fill.Elapsed.TotalSeconds:0.0} s ({count} rows now); "
            + $"state change median {Median(before):0.00} ms before, {Median(after):0.00} ms after");
    }

    private static async Task<List<double>> MeasureAsync(JobLifecycle lifecycle, PrinterRegistry registry, List<(long JobId, string PrinterId)> work)
    {
        var times = new List<double>();
        foreach (var (jobId, printerId) in work)
        {
            times.Add(await TimeAsync(() => lifecycle.StartedAsync(jobId, "bench")));
            times.Add(await TimeAsync(() => lifecycle.CompletedAsync(jobId, "bench")));
            times.Add(await TimeAsync(() => registry.BedClearedAsync(printerId, 3, "bench")));
        }
        return times;
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    /// <summary>The server's processes (backends and background workers), when it runs on this machine; empty otherwise.</summary>
    private static async Task<List<int>> ServerPidsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pid FROM pg_stat_activity", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var pids = new List<int>();
        while (await reader.ReadAsync())
            pids.Add(reader.GetInt32(0));
        return pids.Where(pid => File.Exists($"/proc/{pid}/stat")).ToList();
    }

    /// <summary>User and system CPU milliseconds of the processes so far, from /proc (clock ticks of 10 ms).</summary>
    private static double ServerCpu(List<int> pids)
    {
        var total = 0.0;
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // After the command name: state is field 3, utime field 14 and stime field 15 of the whole line.
                total += (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                    + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * 10.0;
            }
            catch (IOException)
            {
            }
        }
        return total;
    }

    private static async Task<string> NewSchemaAsync(string connectionString)
    {
        // A fresh schema per run, so every run starts from an empty database.
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
    }
}
