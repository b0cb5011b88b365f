using System.Net;
using System.Text;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Api;

/// <summary>The CSV exports for the weekly report: jobs with their filters, the ledger per line, and cells that stay text.</summary>
public sealed class CsvExportTests
{
    private const string Formula = "=HYPERLINK(\"https://evil.example\",\"Hospital\")";
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // Two ear savers for Hospital del Mar on one fast printer that clears its own bed.
        _farm = await TestFarm.StartAsync(FarmConfigs.Farm(2, 0, FarmConfigs.Printer("lab-1", autoClearBed: true, timeScale: 500)));
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
        using var requester = await _staff.PostJsonAsync("/api/requesters", new { name = Formula, kind = "other" });
        Assert.That(requester.StatusCode, Is.EqualTo(HttpStatusCode.Created), await requester.Content.ReadAsStringAsync());
        using var demand = await _staff.PostJsonAsync("/api/demands", new { requester = Formula, designId = "ear-saver", quantity = 1, node = "lab" });
        Assert.That(demand.StatusCode, Is.EqualTo(HttpStatusCode.Created), await demand.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        await _farm.DisposeAsync();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task The_job_history_exports_with_a_header_a_row_per_job_and_its_filters()
    {
        await Http.EventuallyAsync(async () => (await _staff.TotalAsync("/api/jobs?state=completed")) >= 1, TimeSpan.FromSeconds(90), "a job completed");
        var (all, type, bom) = await CsvAsync("/api/jobs.csv");
        var (completed, _, _) = await CsvAsync("/api/jobs.csv?state=completed");
        var (future, _, _) = await CsvAsync("/api/jobs.csv?since=2999-01-01");
        var total = await _staff.TotalAsync("/api/jobs");
        Assert.Multiple(() =>
        {
            Assert.That(type, Is.EqualTo("text/csv"));
            Assert.That(bom, Is.True, "a byte-order mark, so spreadsheets read the accents");
            Assert.That(all[0], Does.StartWith("Id,State,DesignId,VariantId,PrinterId,Requester,Node,Parts,GoodParts"));
            Assert.That(all, Has.Count.EqualTo(total + 1), "one row per job");
            Assert.That(completed.Skip(1).Select(r => r.Split(',')[1]), Is.Not.Empty.And.All.EqualTo("completed"));
            Assert.That(completed[1], Does.Match(@",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,"), "times in ISO 8601 UTC");
            Assert.That(future, Has.Count.EqualTo(1), "nothing changed after 2999: the header only");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_ledger_exports_a_row_per_line_with_the_node_name_and_a_formula_stays_text()
    {
        var (rows, _, _) = await CsvAsync("/api/ledger.csv");
        var hostile = rows.Single(r => r.Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Is.EqualTo("DesignId,Design,Requester,Node,NodeName,Requested,Planned,Printing,Printed,Collected,Passed,Rejected,Delivered,StillUncovered"));
            Assert.That(rows.Any(r => r.StartsWith("ear-saver,Ear saver,Hospital del Mar,node-poblenou,Punt de recollida Poblenou,2,", StringComparison.Ordinal)), Is.True,
                string.Join('\n', rows));
            Assert.That(hostile, Does.Contain("\"'=HYPERLINK("), "a cell that would be a formula is escaped");
        });
    }

    [TestCase("/api/jobs.csv?since=last-week")]
    [TestCase("/api/jobs.csv?state=flying")]
    public async Task A_bad_filter_is_a_400(string url)
    {
        using var response = await _staff.GetAsync(url);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<(List<string> Rows, string? Type, bool Bom)> CsvAsync(string url)
    {
        using var response = await _staff.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), Encoding.UTF8.GetString(bytes));
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        return (text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList(), response.Content.Headers.ContentType?.MediaType, bom);
    }
}
