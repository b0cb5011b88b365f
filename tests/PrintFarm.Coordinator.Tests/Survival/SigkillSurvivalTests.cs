using System.Diagnostics;
using System.Net;
using System.Text.Json;
using NUnit.Framework.Interfaces;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Tests.Survival;

/// <summary>
/// Crash safety of the coordinator as an operator meets it: the Barcelona demo runs as a real <c>printfarm serve</c>
/// process and is killed with SIGKILL at random moments while its virtual printers stream G-code, then started again
/// on the same data directory. Nothing asked for may be lost or doubled, no good part may disappear or be counted
/// twice, the planner may not plan again what is already covered, and <c>printfarm check</c> must agree with the
/// books after every crash. At the end a SIGTERM must stop it cleanly, leaving no job running in the store.
/// </summary>
[TestFixture]
[Category("Survival")]
[Platform("Linux")]
[NonParallelizable]
public sealed class SigkillSurvivalTests
{
    private const int Rounds = 5;

    /// <summary><c>FarmOptions.MaxAttempts</c>: a job interrupted on its last attempt fails for good instead of going back to the queue.</summary>
    private const int MaxAttempts = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] Running = ["printing", "paused"];

    private ChildLog _log = null!;
    private string _data = null!;
    private ChildProcess? _serve;
    private HttpClient? _client;
    private string? _adminKey;
    private int _starts;

    private static string ConfigPath => Path.Combine(AppContext.BaseDirectory, "samples", "barcelona", "farm.json");

    [SetUp]
    public void SetUp()
    {
        _log = new ChildLog();
        _data = Directory.CreateTempSubdirectory("printfarm-survival-").FullName;
        _starts = 0;
        _adminKey = null;
    }

    [TearDown]
    public void TearDown()
    {
        _client?.Dispose();
        _client = null;
        // SIGKILL whatever is still running, whatever happened: no coordinator outlives the test.
        _serve?.Dispose();
        _serve = null;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Passed)
        {
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder is cleaned by the system.
            }
        }
        else
        {
            TestContext.Out.WriteLine($"data directory kept: {_data}");
            TestContext.Out.WriteLine(_log.Tail(200));
        }
    }

    [Test]
    public async Task The_demo_survives_SIGKILL_mid_print_and_stops_cleanly_on_SIGTERM()
    {
        var clock = Stopwatch.StartNew();
        var config = ConfigDemand.Load(ConfigPath);
        await StartServeAsync();
        AssertMatchesConfig(await SnapshotAsync(), config, "after the first start");

        long? completedAfterRestart = null;
        for (var round = 1; round <= Rounds; round++)
        {
            var roundClock = Stopwatch.StartNew();
            // Busy: prints are streaming, and from the second round on at least one job completed since the last restart.
            var before = await BusySnapshotAsync($"round {round}", completedAfterRestart);
            AssertMatchesConfig(before, config, $"round {round}, before the kill");

            var delay = Random.Shared.Next(0, 2001);
            await Task.Delay(delay);
            _log.Note($"round {round}: SIGKILL {delay} ms after the snapshot: {before.CountIn("printing")} printing, {before.Completed.Count} completed, made "
                      + string.Join(", ", before.Ledger.Values.Select(l => $"{l.DesignId} {l.Made}")));
            await _serve!.KillAsync();
            _serve.Dispose();
            _serve = null;
            _client!.Dispose();
            _client = null;

            await AssertCheckPassesAsync($"round {round}, after SIGKILL, coordinator stopped");

            await StartServeAsync();
            var after = await SnapshotAsync();
            AssertSurvived(round, before, after);
            AssertMatchesConfig(after, config, $"round {round}, after the restart");
            completedAfterRestart = after.Completed.Count;
            _log.Note($"round {round} took {roundClock.Elapsed.TotalSeconds:0} s; after the restart {after.CountIn("queued")} queued, {after.Completed.Count} completed");
        }

        // The graceful stop must land mid-print too, or it would prove nothing about running jobs.
        var beforeStop = await BusySnapshotAsync("before SIGTERM", null);
        var runningAtStop = beforeStop.Jobs.Values.Where(j => Running.Contains(j.State)).Select(j => j.Id).ToList();
        _log.Note($"SIGTERM with jobs {string.Join(", ", runningAtStop)} running");
        var stopClock = Stopwatch.StartNew();
        var exitCode = await _serve!.TerminateAsync(StopTimeout);
        Assert.That(exitCode, Is.Not.Null, () => $"serve did not exit within {StopTimeout.TotalSeconds:0} s of SIGTERM\n{_log.Tail()}");
        Assert.That(exitCode, Is.EqualTo(0), () => $"serve exited {exitCode} after SIGTERM ({stopClock.Elapsed.TotalSeconds:0.0} s)\n{_log.Tail()}");
        _log.Note($"serve exited 0 {stopClock.Elapsed.TotalSeconds:0.0} s after SIGTERM");
        _client!.Dispose();
        _client = null;

        await AssertCheckPassesAsync("after SIGTERM");
        await AssertNothingLeftRunningAsync(runningAtStop);
        _log.Note($"survived {Rounds} SIGKILLs and a SIGTERM in {clock.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>
    /// What a graceful stop left in the store, read from the store itself after the process exited. Starting
    /// <c>serve</c> again to ask the API would prove nothing: its start-up recovery rewrites running jobs as
    /// interrupted (and <c>requeueInterrupted</c> queues them) before <c>/healthz</c> answers, hiding a stop that
    /// did not record them; and <c>printfarm check</c> only compares the ledger with the job records, which agree for
    /// a job wrongly left printing. So the records are read directly, through the farm's own read path.
    /// </summary>
    private async Task AssertNothingLeftRunningAsync(IReadOnlyList<long> runningAtStop)
    {
        var store = FarmStoreFactory.Create(_data, null);
        await using (store)
        {
            var active = await store.Reader.ListJobsAsync(new JobQuery { States = [JobState.Assigned, JobState.Printing, JobState.Paused], Limit = 1000 });
            var printers = await store.Reader.ListPrintersAsync(new PrinterQuery { Limit = 1000 });
            var atStop = new List<Job>();
            foreach (var id in runningAtStop)
                atStop.Add(await store.Reader.GetJobAsync(id) ?? throw new AssertionException($"job {id}, running at the SIGTERM, is gone from the store"));
            Assert.Multiple(() =>
            {
                Assert.That(active.Items.Select(j => $"job {j.Id} {j.State} on {j.PrinterId}"), Is.Empty,
                    () => $"jobs left active in the store after a clean stop\n{_log.Tail()}");
                Assert.That(atStop.Where(j => j.State is not (JobState.Interrupted or JobState.Completed)).Select(j => $"job {j.Id} {j.State}"), Is.Empty,
                    () => $"jobs running at the SIGTERM must be recorded interrupted (or completed, if they finished first)\n{_log.Tail()}");
                Assert.That(printers.Items.Where(p => p.State is PrinterState.Printing or PrinterState.Paused || p.CurrentJobId is not null)
                        .Select(p => $"{p.Id} {p.State} job {p.CurrentJobId}"), Is.Empty,
                    () => $"printers still holding a job after a clean stop\n{_log.Tail()}");
            });
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>The comparisons across one SIGKILL and restart. Every problem is listed, not only the first.</summary>
    private void AssertSurvived(int round, FarmSnapshot before, FarmSnapshot after)
    {
        var problems = new List<string>();

        // Demands: the same ones, unchanged: a restart neither loses nor re-enters any.
        var afterDemands = after.Demands.ToDictionary(d => d.Id);
        foreach (var d in before.Demands)
        {
            if (!afterDemands.TryGetValue(d.Id, out var a))
                problems.Add($"demand {d.Id} ({d.Requester}, {d.DesignId}) is gone");
            else if (a != d)
                problems.Add($"demand {d.Id} changed: {d} -> {a}");
        }
        foreach (var d in after.Demands.Where(d => before.Demands.All(b => b.Id != d.Id)))
            problems.Add($"demand {d.Id} ({d.Requester}, {d.DesignId}, {d.Quantity}) is new after the restart");

        // The ledger: requested unchanged, good parts never fewer, rejected parts never fewer.
        foreach (var (design, b) in before.Ledger)
        {
            if (!after.Ledger.TryGetValue(design, out var a))
            {
                problems.Add($"ledger: design {design} is gone");
                continue;
            }
            if (a.Requested != b.Requested)
                problems.Add($"ledger {design}: requested {b.Requested} -> {a.Requested}");
            if (a.Made < b.Made)
                problems.Add($"ledger {design}: printed+collected+passed+delivered went down {b.Made} -> {a.Made} (before {b}, after {a})");
            if (a.Rejected < b.Rejected)
                problems.Add($"ledger {design}: rejected went down {b.Rejected} -> {a.Rejected}");
        }

        // Completed jobs stay completed, with the good parts they had; unknown good parts (bed not cleared at the
        // kill) may become known, at most the plate's parts.
        foreach (var (id, b) in before.Completed)
        {
            if (!after.Completed.TryGetValue(id, out var a))
                problems.Add($"job {id} was completed and is now {(after.Jobs.TryGetValue(id, out var now) ? now.State : "gone")}");
            else if (b.GoodParts is { } good ? a.GoodParts != good : a.GoodParts is < 0 || a.GoodParts > a.Parts)
                problems.Add($"job {id}: good parts {b.GoodParts?.ToString() ?? "not counted"} -> {a.GoodParts?.ToString() ?? "not counted"} (plate of {a.Parts})");
        }

        // No job vanishes, and attempts only grow, except the one attempt a kill cut short: the crash is the
        // coordinator's, not the print's, so that attempt is given back.
        var runningBefore = before.Jobs.Values.Where(j => Running.Contains(j.State)).ToList();
        foreach (var (id, b) in before.Jobs)
        {
            var givenBack = Running.Contains(b.State) ? 1 : 0;
            if (!after.Jobs.TryGetValue(id, out var a))
                problems.Add($"job {id} ({b.State}) is gone");
            else if (a.Attempts < b.Attempts - givenBack)
                problems.Add($"job {id}: attempts went down {b.Attempts} -> {a.Attempts}");
        }

        // Jobs that were printing when the process died: back in the queue without the attempt the kill cut short
        // (or failed for good on their last attempt). Printing again is a new attempt in place of the lost one.
        var cutShort = 0;
        foreach (var b in runningBefore)
        {
            if (!after.Jobs.TryGetValue(b.Id, out var a))
                continue;
            if (a.State != "completed")
                cutShort++;
            var fine = a.State switch
            {
                "completed" or "queued" or "assigned" => true,
                "printing" or "paused" => a.Attempts >= b.Attempts,
                "failed" => a.Attempts >= MaxAttempts,
                _ => false,
            };
            if (!fine)
                problems.Add($"job {b.Id} was {b.State} (attempt {b.Attempts} on {b.PrinterId}) at the kill and is {a.State} (attempt {a.Attempts} on {a.PrinterId}) after the restart");
        }
        if (cutShort == 0)
            problems.Add($"the kill interrupted no print ({runningBefore.Count} were running at the snapshot): it did not land mid-stream");
        foreach (var j in after.Jobs.Values.Where(j => j.State == "interrupted"))
            problems.Add($"job {j.Id} is still interrupted after the restart, although the config sets requeueInterrupted");

        // The planner may only add what was uncovered, plus what dropped out of coverage since (failed for good,
        // cancelled, fewer good parts than planned), each line rounded up to whole plates.
        foreach (var (design, b) in before.Ledger)
        {
            var newParts = after.Jobs.Values.Where(j => j.DesignId == design && !before.Jobs.ContainsKey(j.Id)).Sum(j => j.Parts);
            var lost = before.Jobs.Values.Where(j => j.DesignId == design && after.Jobs.ContainsKey(j.Id))
                .Sum(j => Math.Max(0, j.Covered - after.Jobs[j.Id].Covered));
            var allowance = Lines(after, design) * (MaxPlate(before, after, design) - 1);
            if (newParts > b.Uncovered + lost + allowance)
            {
                problems.Add($"design {design}: {newParts} parts of new jobs after the restart, but only {b.Uncovered} were uncovered, {lost} dropped out "
                             + $"and {allowance} is rounding (jobs {before.Jobs.Values.Count(j => j.DesignId == design)} -> {after.Jobs.Values.Count(j => j.DesignId == design)})");
            }
        }

        Assert.That(problems, Is.Empty, () => $"round {round}: the restart after SIGKILL lost or doubled something:\n  "
                                              + string.Join("\n  ", problems) + $"\n{_log.Tail()}");
    }

    /// <summary>
    /// Holds at any moment: exactly the config's demands, each once; requested as the config says; and the jobs
    /// covering each design never exceed what was requested by more than rounding each line up to whole plates.
    /// </summary>
    private void AssertMatchesConfig(FarmSnapshot snapshot, IReadOnlyList<ConfigDemand> config, string when)
    {
        var problems = new List<string>();
        foreach (var c in config)
        {
            var matching = snapshot.Demands.Where(d => d.Requester == c.Requester && d.DesignId == c.DesignId && d.Node == c.Node).ToList();
            if (matching.Count != 1)
                problems.Add($"{matching.Count} demands of {c.Requester} for {c.DesignId} at {c.Node}, the config has one: {string.Join("; ", matching)}");
            else if (matching[0].Quantity != c.Quantity || matching[0].State != "open")
                problems.Add($"demand {matching[0]} is not the config's {c.Quantity}, open");
        }
        if (snapshot.Demands.Count != config.Count)
            problems.Add($"{snapshot.Demands.Count} demands, the config has {config.Count}");
        foreach (var design in config.Select(c => c.DesignId).Distinct())
        {
            var requested = config.Where(c => c.DesignId == design).Sum(c => (long)c.Quantity);
            if (!snapshot.Ledger.TryGetValue(design, out var line))
            {
                problems.Add($"ledger: no line for {design}");
                continue;
            }
            if (line.Requested != requested)
                problems.Add($"ledger {design}: requested {line.Requested}, the config asks for {requested}");
            var covered = snapshot.Jobs.Values.Where(j => j.DesignId == design).Sum(j => (long)j.Covered);
            var allowance = Lines(snapshot, design) * (MaxPlate(snapshot, snapshot, design) - 1);
            if (covered > requested + allowance)
                problems.Add($"design {design}: jobs cover {covered} parts, more than the {requested} requested + {allowance} rounding");
        }
        Assert.That(problems, Is.Empty, () => $"{when}:\n  " + string.Join("\n  ", problems) + $"\n{_log.Tail()}");
    }

    private static int Lines(FarmSnapshot snapshot, string design) =>
        snapshot.Demands.Where(d => d.DesignId == design).Select(d => (d.Requester, d.Node)).Distinct().Count();

    private static int MaxPlate(FarmSnapshot a, FarmSnapshot b, string design) =>
        a.Jobs.Values.Concat(b.Jobs.Values).Where(j => j.DesignId == design).Select(j => j.Parts).DefaultIfEmpty(1).Max();

    private async Task AssertCheckPassesAsync(string when)
    {
        var (exitCode, output) = await ChildProcess.RunAsync(_log, "check", CheckTimeout, "check", "--data", _data);
        Assert.That(exitCode, Is.EqualTo(0), () => $"{when}: printfarm check --data {_data} exited {exitCode}:\n{output}\n{_log.Tail()}");
    }

    private Task<FarmSnapshot> SnapshotAsync() => FarmSnapshot.TakeAsync(_client!, () => _log.Tail());

    /// <summary>Waits until jobs are printing and, when <paramref name="completedAbove"/> is set, more than that many completed; then snapshots.</summary>
    private async Task<FarmSnapshot> BusySnapshotAsync(string what, long? completedAbove)
    {
        var deadline = DateTime.UtcNow + BusyTimeout;
        while (true)
        {
            Assert.That(_serve!.HasExited, Is.False, () => $"{what}: serve exited with {_serve.ExitCode} on its own\n{_log.Tail()}");
            var printing = await FarmSnapshot.TotalAsync(_client!, "/api/jobs?state=printing&limit=1", () => _log.Tail());
            var completed = await FarmSnapshot.TotalAsync(_client!, "/api/jobs?state=completed&limit=1", () => _log.Tail());
            if (printing > 0 && (completedAbove is null || completed > completedAbove))
            {
                var snapshot = await SnapshotAsync();
                if (snapshot.CountIn("printing") > 0 && (completedAbove is null || snapshot.Completed.Count > completedAbove))
                    return snapshot;
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{what}: not busy within {BusyTimeout.TotalSeconds:0} s: {printing} printing, {completed} completed (waiting for more than {completedAbove})\n{_log.Tail()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Starts <c>serve</c> on a free loopback port and waits for <c>/healthz</c> 200 and the admin key file.</summary>
    private async Task StartServeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            _starts++;
            var port = ChildProcess.FreeLoopbackPort();
            var address = new Uri($"http://127.0.0.1:{port}");
            _serve = ChildProcess.Start(_log, $"serve#{_starts}", "serve", "--config", ConfigPath, "--data", _data, "--urls", address.ToString().TrimEnd('/'));
            var clock = Stopwatch.StartNew();
            var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            var healthy = false;
            while (!healthy && !_serve.HasExited && clock.Elapsed < StartTimeout)
            {
                try
                {
                    using var response = await client.GetAsync("/healthz");
                    healthy = response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Too slow to answer yet.
                }
                if (!healthy)
                    await Task.Delay(200);
            }
            if (!healthy)
            {
                client.Dispose();
                // Another process may have taken the port between probing and binding it.
                if (_serve.HasExited && attempt < 3 && _serve.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    _serve.Dispose();
                    _serve = null;
                    continue;
                }
                Assert.Fail($"serve#{_starts} not healthy within {StartTimeout.TotalSeconds:0} s{(_serve.HasExited ? $" (exited {_serve.ExitCode})" : "")}\n{_log.Tail()}");
            }

            var keyFile = Path.Combine(_data, "admin.key");
            string key;
            while ((key = File.Exists(keyFile) ? (await File.ReadAllTextAsync(keyFile)).Trim() : "").Length == 0)
            {
                if (clock.Elapsed > StartTimeout)
                    Assert.Fail($"serve#{_starts} is healthy but wrote no {keyFile}\n{_log.Tail()}");
                await Task.Delay(200);
            }
            Assert.That(key, Is.EqualTo(_adminKey ?? key), () => $"serve#{_starts} replaced the admin key of the first start\n{_log.Tail()}");
            _adminKey = key;
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            _client = client;
            _log.Note($"serve#{_starts} (pid {_serve.Id}) healthy after {clock.Elapsed.TotalSeconds:0.0} s on {address}");
            return;
        }
    }

    /// <summary>A demand as the config file states it.</summary>
    private sealed record ConfigDemand(string Requester, string DesignId, string Node, int Quantity)
    {
        public static List<ConfigDemand> Load(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("demands").EnumerateArray()
                .Select(d => new ConfigDemand(d.GetProperty("requester").GetString()!, d.GetProperty("designId").GetString()!, d.GetProperty("node").GetString()!,
                    d.GetProperty("quantity").GetInt32()))
                .ToList();
        }
    }
}
