using System.Text.Json;
using System.Text.RegularExpressions;
using PrintFarm.Coordinator.Live;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Metrics;

/// <summary>
/// <c>/metrics</c> read the way Prometheus reads it: every line parses, counters are called <c>_total</c> and only
/// ever grow, gauges are not called <c>_total</c>, and the shipped Grafana dashboard queries only series that exist.
/// </summary>
public sealed partial class MetricsNamingTests
{
    private static readonly string[] Gauges = ["printfarm_printers", "printfarm_jobs", "printfarm_parts", "printfarm_event_stream_clients"];

    private static readonly string[] Counters = ["printfarm_lines_sent_total", "printfarm_resends_total", "printfarm_changes_total", "printfarm_jobs_ended_total"];

    private TestFarm _farm = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        // One virtual printer that prints an ear saver, so the line counters move between two scrapes.
        _farm = await TestFarm.StartAsync(FarmConfigs.Farm(200, 0, FarmConfigs.Printer("metrics-mk3s", autoClearBed: true, timeScale: 400)));

    [OneTimeTearDown]
    public async Task StopAsync() => await _farm.DisposeAsync();

    private async Task<IReadOnlyDictionary<string, MetricFamily>> ScrapeAsync()
    {
        using var client = _farm.Admin();
        using var response = await client.GetAsync("/metrics");
        Assert.That(response.IsSuccessStatusCode, Is.True);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Metrics_EveryFamily_CountersEndInTotalAndGaugesDoNot()
    {
        var families = await ScrapeAsync();
        Assert.Multiple(() =>
        {
            foreach (var name in Gauges)
                Assert.That(families.TryGetValue(name, out var f) ? f.Type : "missing", Is.EqualTo("gauge"), name);
            foreach (var name in Counters)
                Assert.That(families.TryGetValue(name, out var f) ? f.Type : "missing", Is.EqualTo("counter"), name);
            foreach (var family in families.Values)
            {
                Assert.That(family.Help, Is.Not.Null.And.Not.Empty, $"{family.Name} says what it counts");
                if (family.Name.EndsWith("_total", StringComparison.Ordinal))
                    Assert.That(family.Type, Is.EqualTo("counter"), $"{family.Name} is called _total, so it is a counter");
                if (family.Type == "counter")
                    Assert.That(family.Name, Does.EndWith("_total"), $"{family.Name} is a counter, so it is called _total");
                foreach (var sample in family.Samples)
                    Assert.That(double.IsFinite(sample.Value) && (family.Type != "counter" || sample.Value >= 0), Is.True, $"{sample.Name} = {sample.Value}");
            }
            Assert.That(families["printfarm_jobs_ended_total"].Samples.Select(s => s.Labels["state"]), Is.EquivalentTo(new[] { "completed", "failed", "cancelled", "interrupted" }),
                "every end state is there from the start, at 0 until it happens");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Metrics_WhileAPrinterPrints_CountersOnlyGrow()
    {
        double Sum(IReadOnlyDictionary<string, MetricFamily> f, string name) => f[name].Samples.Sum(s => s.Value);
        var first = await ScrapeAsync();
        await Http.EventuallyAsync(async () => Sum(await ScrapeAsync(), "printfarm_lines_sent_total") > Sum(first, "printfarm_lines_sent_total"),
            TimeSpan.FromSeconds(60), "lines counted while the printer prints");
        var previous = first;
        for (var i = 0; i < 5; i++)
        {
            var now = await ScrapeAsync();
            foreach (var name in Counters)
            {
                foreach (var sample in previous[name].Samples)
                {
                    var later = now[name].Samples.Single(s => s.Labels.SequenceEqual(sample.Labels));
                    Assert.That(later.Value, Is.GreaterThanOrEqualTo(sample.Value), $"{name}{{{string.Join(',', sample.Labels)}}} never goes down");
                }
            }
            previous = now;
            await Task.Delay(200);
        }
    }

    [TestCase(0, 120, 120)]
    [TestCase(120, 500, 380)]
    [TestCase(500, 500, 0)]
    [TestCase(500, 40, 40)]
    [TestCase(500, 0, 0)]
    public void Added_ALinkCounterThatStartsAgain_CountsWhatIsNew(long before, long now, long added) =>
        Assert.That(LiveStatusBoard.Added(before, now), Is.EqualTo(added));

    [TestCase("printfarm_x 1", "printfarm_x", 1)]
    [TestCase("printfarm_x{state=\"needs-bed-clear\"} 0", "printfarm_x", 0)]
    [TestCase("a:b_c{l=\"q\\\"uote\\\\n\",m=\"\"} -2.5e3 1700000000000", "a:b_c", -2500)]
    [TestCase("x +Inf", "x", double.PositiveInfinity)]
    public void ParseSample_ValidLines_Read(string line, string name, double value)
    {
        var sample = PrometheusText.ParseSample(line, "test");
        Assert.That((sample.Name, sample.Value), Is.EqualTo((name, value)));
    }

    [TestCase("1x 1")]
    [TestCase("x{l=\"v} 1")]
    [TestCase("x{l=\"\\t\"} 1")]
    [TestCase("x{l=v} 1")]
    [TestCase("x one")]
    [TestCase("x")]
    [TestCase("x{l=\"a\",l=\"b\"} 1")]
    public void ParseSample_BrokenLines_Refused(string line) =>
        Assert.That(() => PrometheusText.ParseSample(line, "test"), Throws.TypeOf<FormatException>());

    [Test]
    public void Parse_SampleBeforeItsType_Refused() =>
        Assert.That(() => PrometheusText.Parse("x 1\n# TYPE x gauge\n"), Throws.TypeOf<FormatException>());

    [Test]
    [CancelAfter(60_000)]
    public async Task GrafanaDashboard_EveryQuery_NamesASeriesOfTheMetrics()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "grafana", "printfarm.json");
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var expressions = Expressions(dashboard.RootElement).ToList();
        var families = await ScrapeAsync();
        var queried = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(dashboard.RootElement.GetProperty("title").GetString(), Is.Not.Empty);
            Assert.That(expressions, Has.Count.GreaterThanOrEqualTo(6), "a panel for each of printers, jobs ended, lines, resends, changes, parts");
            Assert.That(queried.Where(n => !families.ContainsKey(n)), Is.Empty, "series the dashboard queries that /metrics does not have");
            Assert.That(Counters.Where(c => !queried.Contains(c)), Is.Empty, "every counter has a panel");
            foreach (var e in expressions.Where(e => Counters.Any(e.Contains)))
                Assert.That(e, Does.Match(@"\b(rate|increase)\("), $"a counter is shown as a rate: {e}");
        });
    }

    /// <summary>Every <c>expr</c> in the dashboard's panels (rows' own panels included).</summary>
    private static IEnumerable<string> Expressions(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    yield return property.Value.GetString()!;
                else
                    foreach (var e in Expressions(property.Value))
                        yield return e;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                foreach (var e in Expressions(item))
                    yield return e;
        }
    }

    [GeneratedRegex(@"\bprintfarm_[a-z_]+\b")]
    private static partial Regex MetricName();
}
