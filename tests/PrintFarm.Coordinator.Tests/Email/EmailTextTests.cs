using System.Text.Json;
using PrintFarm.Coordinator.Email;

namespace PrintFarm.Coordinator.Tests.Email;

/// <summary>The words of the e-mails, from an event's kind and data, table by table.</summary>
public sealed class EmailTextTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 9, 30, 0, TimeSpan.FromHours(1));

    [TestCase("printer.needs-bed-clear", """{"id":"p1","name":"Poblenou MK3S #1","site":"ateneu-poblenou"}""", "2026-12-08 08:30 UTC  Poblenou MK3S #1 (p1) at ateneu-poblenou needs its bed cleared")]
    [TestCase("printer.error", """{"id":"p1","name":"p1"}""", "2026-12-08 08:30 UTC  p1 is in error")]
    [TestCase("printer.offline", """{"id":"p1","name":"Anna's MINI","minutes":17}""", "2026-12-08 08:30 UTC  Anna's MINI (p1) has been offline for 17 minutes")]
    [TestCase("job.completed", """{"id":12,"parts":4,"designId":"ear-saver","requester":"Hospital del Mar","printerId":"p1"}""", "2026-12-08 08:30 UTC  job 12 (4 ear-saver for Hospital del Mar) completed on p1")]
    [TestCase("job.failed", """{"id":12,"parts":4,"designId":"ear-saver","requester":"stock","printerId":"p1","attempts":2}""", "2026-12-08 08:30 UTC  job 12 (4 ear-saver for stock) failed on p1, attempt 2")]
    [TestCase("demand.met", """{"id":5,"requester":"Hospital del Mar","designId":"ear-saver","node":"node-poblenou","quantity":200}""", "2026-12-08 08:30 UTC  demand 5: Hospital del Mar has all 200 ear-saver at node node-poblenou")]
    [TestCase("demand.at-risk", """{"id":5,"requester":"CAP Sant Andreu","designId":"face-shield","quantity":20,"neededBy":"2026-12-09T10:00:00+01:00","eta":"2026-12-09T15:00:00+00:00"}""", "2026-12-08 08:30 UTC  demand 5: CAP Sant Andreu's 20 face-shield will miss 2026-12-09 09:00 UTC (projected 2026-12-09 15:00 UTC)")]
    [TestCase("demand.at-risk", """{"id":5,"requester":"CAP","designId":"face-shield","quantity":20,"neededBy":"2026-12-09T10:00:00+00:00","eta":null}""", "2026-12-08 08:30 UTC  demand 5: CAP's 20 face-shield will miss 2026-12-09 10:00 UTC (no printer can make them now)")]
    [TestCase("parts.rejected", """{"node":"node-gracia","designId":"ear-saver","requester":"Hospital Clínic","count":3,"by":"staff:desk"}""", "2026-12-08 08:30 UTC  3 ear-saver for Hospital Clínic rejected at node node-gracia by staff:desk")]
    [TestCase("printer.error", """{"id":"p1","name":"evil\r\nBcc: x@y"}""", "2026-12-08 08:30 UTC  evil  Bcc: x@y (p1) is in error")]
    [TestCase("printer.error", """{}""", "2026-12-08 08:30 UTC  ? is in error")]
    [TestCase("printer.error", """[1,2]""", "2026-12-08 08:30 UTC  ? is in error")]
    public void Line_SaysWhatHappenedInOneLine(string kind, string data, string expected)
    {
        using var json = JsonDocument.Parse(data);
        Assert.That(EmailText.Line(kind, At, json.RootElement), Is.EqualTo(expected));
    }

    [TestCase("printer.needs-bed-clear", 1, "[PrintFarm] printer needs its bed cleared")]
    [TestCase("printer.needs-bed-clear", 7, "[PrintFarm] 7 x printer needs its bed cleared")]
    [TestCase("demand.at-risk", 2, "[PrintFarm] 2 x demand at risk of missing its date")]
    [TestCase("something.new", 1, "[PrintFarm] something.new")]
    public void Subject_NamesTheKindAndHowMany(string kind, int count, string expected) =>
        Assert.That(EmailText.Subject(kind, count), Is.EqualTo(expected));

    [Test]
    public void Body_ListsAtMostAHundredLines_AndCountsTheRest()
    {
        var lines = Enumerable.Range(1, 150).Select(i => $"line {i}").ToList();
        var body = EmailText.Body("printer.error", lines, 150, new Uri("https://farm.example.org"));
        Assert.Multiple(() =>
        {
            Assert.That(body, Does.StartWith("printer error: 150\n\nline 1\n"));
            Assert.That(body, Does.Contain("line 100\n... and 50 more\n"));
            Assert.That(body, Does.Not.Contain("line 101"));
            Assert.That(body, Does.Contain("https://farm.example.org/"));
        });
    }
}
