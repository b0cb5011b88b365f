using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Api;

/// <summary>
/// What a dashboard, a script or a curious person meets when a request is not quite right: actions without a body take
/// their defaults, a wrong enum value is answered with the valid ones, and a 403 says which right is missing.
/// </summary>
public sealed class ApiRefusalTests
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;
    private HttpClient _viewer = null!;
    private HttpClient _maker = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // One lab printer that waits for a person to check its bed; no work, so it stays there.
        _farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0, FarmConfigs.Printer("manual-1", autoClearBed: false, timeScale: 200)));
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
        _viewer = _farm.Client(await _farm.CreateKeyAsync("viewer", "wall-screen"));
        _maker = _farm.Client(await _farm.CreateKeyAsync("maker", "anna", owner: "anna"));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        _viewer.Dispose();
        _maker.Dispose();
        await _farm.DisposeAsync();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Clear_bed_without_a_body_takes_the_defaults()
    {
        await WaitForBedCheckAsync();
        using var response = await _staff.PostAsync("/api/printers/manual-1/actions/clear-bed", content: null);
        var printer = await response.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), printer.ToString());
            Assert.That(printer.GetProperty("state").GetString(), Is.EqualTo("ready"));
        });
    }

    [TestCase("text/plain", "5", TestName = "A body that is not JSON")]
    [TestCase("application/json", "{ \"goodParts\": \"five\" }", TestName = "A count as text")]
    [TestCase("application/json", "{ \"goodParts\": -1 }", TestName = "A negative count")]
    [TestCase("application/json", "{ \"goodParts\": 1, \"colour\": \"red\" }", TestName = "An unknown field")]
    [CancelAfter(60_000)]
    public async Task Clear_bed_with_a_bad_body_is_a_400_never_a_500(string contentType, string body)
    {
        await WaitForBedCheckAsync();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await _staff.PostAsync("/api/printers/manual-1/actions/clear-bed", content);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [TestCase("/api/demands", """{ "requester": "H", "requesterKind": "clinic", "designId": "ear-saver", "quantity": 1, "node": "n" }""", "requesterKind", "hospital", TestName = "A requester kind")]
    [TestCase("/api/printers", """{ "id": "p-x", "site": "home", "link": "usb", "address": "pi-x", "bedXMm": 200, "bedYMm": 200, "material": "PLA", "profile": "marlin" }""", "link", "agent", TestName = "A link kind")]
    [TestCase("/api/printers", """{ "id": "p-y", "site": "home", "link": 1, "address": "pi-y", "bedXMm": 200, "bedYMm": 200, "material": "PLA", "profile": "marlin" }""", "link", "local", TestName = "An enum as a number")]
    public async Task An_unknown_enum_value_is_answered_with_the_valid_ones(string url, string body, string field, string oneValidValue)
    {
        using var response = await _staff.PostRawAsync(url, body);
        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(() =>
        {
            Assert.That(detail, Does.Contain(oneValidValue), "the valid values are listed");
            Assert.That(detail, Does.Contain(field), "the field is named");
            Assert.That(detail, Does.Not.Contain("System."), "no .NET type names");
            Assert.That(detail, Does.Not.Contain("`1"), "no .NET type names");
        });
    }

    [TestCase("viewer", "POST", "/api/demands", "staff", TestName = "A viewer adding a demand")]
    [TestCase("maker", "POST", "/api/demands", "staff", TestName = "A maker adding a demand")]
    [TestCase("maker", "GET", "/api/keys", "admin", TestName = "A maker listing keys")]
    [TestCase("maker", "POST", "/api/nodes", "staff", TestName = "A maker creating a node")]
    [TestCase("viewer", "POST", "/api/requesters", "staff", TestName = "A viewer creating a requester")]
    [TestCase("viewer", "POST", "/api/printers/manual-1/actions/pause", "maker", TestName = "A viewer pausing a printer")]
    public async Task Every_403_says_which_right_is_missing(string who, string method, string url, string neededRole)
    {
        var client = who == "viewer" ? _viewer : _maker;
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        var detail = await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Multiple(() =>
        {
            Assert.That(detail, Does.Contain(neededRole), "the role it needs");
            Assert.That(detail, Does.Contain($"yours is a {who} key").Or.Contain($"yours is an {who} key"), "the caller's own role");
        });
    }

    [TestCase("/api/demands", """{ "requester": "Hospital de Sant Pau", "designId": "ear-saver", "quantity": 5, "node": "node-gracai" }""", TestName = "A demand for a node nobody created")]
    [TestCase("/api/jobs", """{ "designId": "ear-saver", "copies": 2, "node": "node-nowhere" }""", TestName = "Stock for a node nobody created")]
    [CancelAfter(30_000)]
    public async Task An_unknown_node_is_refused_and_the_known_ones_are_named(string url, string body)
    {
        var demandsBefore = await _staff.TotalAsync("/api/demands");
        var jobsBefore = await _staff.TotalAsync("/api/jobs");
        using var response = await _staff.PostRawAsync(url, body);
        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(detail, Does.Contain("unknown node"));
            Assert.That(detail, Does.Contain("lab"), "the printer's node is known");
            Assert.That(detail, Does.Contain("node-gracia"), "a created node is known");
            Assert.That(await _staff.TotalAsync("/api/demands"), Is.EqualTo(demandsBefore), "no demand stored");
            Assert.That(await _staff.TotalAsync("/api/jobs"), Is.EqualTo(jobsBefore), "no job stored");
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_node_created_through_the_api_takes_demands_and_is_listed_with_its_name()
    {
        using var created = await _staff.PostJsonAsync("/api/nodes", new { id = "node-sant-andreu", name = "Punt de recollida Sant Andreu" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        using var demand = await _staff.PostJsonAsync("/api/demands", new { requester = "CAP Sant Andreu", designId = "ear-saver", quantity = 4, node = "node-sant-andreu" });
        using var again = await _staff.PostJsonAsync("/api/nodes", new { id = "node-sant-andreu", name = "Another" });
        var nodes = (await _staff.GetJsonAsync("/api/nodes")).GetProperty("items").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!, n => n.GetProperty("name").GetString());
        Assert.Multiple(async () =>
        {
            Assert.That(demand.StatusCode, Is.EqualTo(HttpStatusCode.Created), await demand.Content.ReadAsStringAsync());
            await again.ProblemAsync(HttpStatusCode.Conflict);
            Assert.That(nodes["node-sant-andreu"], Is.EqualTo("Punt de recollida Sant Andreu"));
            Assert.That(nodes["lab"], Is.EqualTo("Lab front desk"), "the config's name for the printers' node");
        });
    }

    [TestCase("""{ "id": "", "name": "Nowhere" }""", HttpStatusCode.BadRequest, TestName = "A node without an id")]
    [TestCase("""{ "id": "node with spaces" }""", HttpStatusCode.BadRequest, TestName = "A node id with spaces")]
    [TestCase("""{ "id": "node/../x" }""", HttpStatusCode.BadRequest, TestName = "A node id with a slash")]
    [TestCase("""{ "id": "node-\u202e" }""", HttpStatusCode.BadRequest, TestName = "A node id with a bidirectional character")]
    [TestCase("""{ "name": "No id" }""", HttpStatusCode.BadRequest, TestName = "A node body without its id")]
    [TestCase("""{ "id": "node-x", "colour": "red" }""", HttpStatusCode.BadRequest, TestName = "A node body with an unknown field")]
    [CancelAfter(30_000)]
    public async Task A_bad_node_is_refused(string body, HttpStatusCode status)
    {
        var before = (await _staff.GetJsonAsync("/api/nodes")).GetProperty("total").GetInt32();
        using var response = await _staff.PostRawAsync("/api/nodes", body);
        await response.ProblemAsync(status);
        Assert.That((await _staff.GetJsonAsync("/api/nodes")).GetProperty("total").GetInt32(), Is.EqualTo(before));
    }

    [TestCase("/api/demands", """{ "requester": "Hospital Clinic", "designId": "ear-saver", "quantity": 5, "node": "node-gracia" }""", TestName = "A demand for a requester nobody created")]
    [TestCase("/api/demands", """{ "requester": "hospital clínic", "designId": "ear-saver", "quantity": 5, "node": "node-gracia" }""", TestName = "A demand for a requester spelt in another case")]
    [TestCase("/api/nodes/lab/collected", """{ "designId": "ear-saver", "requester": "Hospital Clinic", "count": 1 }""", TestName = "Parts collected for a requester nobody created")]
    [CancelAfter(30_000)]
    public async Task An_unknown_requester_is_refused_and_the_known_ones_are_named(string url, string body)
    {
        var demandsBefore = await _staff.TotalAsync("/api/demands");
        var requestersBefore = await _staff.TotalAsync("/api/requesters");
        using var response = await _staff.PostRawAsync(url, body);
        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(detail, Does.Contain("unknown requester"));
            Assert.That(detail, Does.Contain("Hospital Clínic"), "a requester from the config is known");
            Assert.That(detail, Does.Contain("POST /api/requesters"), "how to create one");
            Assert.That(await _staff.TotalAsync("/api/demands"), Is.EqualTo(demandsBefore), "no demand stored");
            Assert.That(await _staff.TotalAsync("/api/requesters"), Is.EqualTo(requestersBefore), "no requester made up");
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_requester_created_through_the_api_takes_demands_of_its_kind_and_is_listed_with_its_counts()
    {
        using var created = await _staff.PostJsonAsync("/api/requesters", new { name = " Residència Gràcia ", kind = "care-home" });
        var view = await created.JsonAsync();
        using var demand = await _staff.PostJsonAsync("/api/demands", new { requester = "Residència Gràcia", designId = "ear-saver", quantity = 4, node = "node-gracia" });
        using var otherKind = await _staff.PostJsonAsync("/api/demands", new { requester = "Residència Gràcia", requesterKind = "hospital", designId = "ear-saver", quantity = 1, node = "node-gracia" });
        using var again = await _staff.PostJsonAsync("/api/requesters", new { name = "Residència Gràcia", kind = "other" });
        var listed = (await _staff.GetJsonAsync("/api/requesters")).GetProperty("items").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => (Kind: r.GetProperty("kind").GetString(), Open: r.GetProperty("openDemands").GetInt64(), Requested: r.GetProperty("requested").GetInt64()));
        Assert.Multiple(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), view.ToString());
            Assert.That((view.GetProperty("name").GetString(), view.GetProperty("kind").GetString()), Is.EqualTo(("Residència Gràcia", "care-home")), "the name trimmed");
            Assert.That(demand.StatusCode, Is.EqualTo(HttpStatusCode.Created), await demand.Content.ReadAsStringAsync());
            Assert.That((await demand.JsonAsync()).GetProperty("requesterKind").GetString(), Is.EqualTo("care-home"), "a demand without a kind takes its requester's");
            Assert.That(await otherKind.ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("is a care-home, not a hospital"));
            Assert.That(await again.ProblemAsync(HttpStatusCode.Conflict), Does.Contain("exists already"));
            Assert.That(listed["Residència Gràcia"], Is.EqualTo(("care-home", 1L, 4L)));
            Assert.That(listed["CAP Sant Andreu"].Kind, Is.EqualTo("other"), "the config's requesters are created at start, with their kind");
            Assert.That(listed.Keys, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        });
    }

    [TestCase("""{ "name": "", "kind": "hospital" }""", "a requester needs a name", TestName = "A requester without a name")]
    [TestCase("""{ "name": "   ", "kind": "hospital" }""", "a requester needs a name", TestName = "A requester with a blank name")]
    [TestCase("""{ "name": "Hospital \u202e", "kind": "hospital" }""", "bidirectional", TestName = "A requester name with a bidirectional character")]
    [TestCase("""{ "name": "stock", "kind": "other" }""", "the name of stock", TestName = "A requester called stock")]
    [TestCase("""{ "name": "Hospital Sant Joan", "kind": "clinic" }""", "hospital, social-service, care-home, other", TestName = "A requester kind that is none")]
    [TestCase("""{ "name": "Hospital Sant Joan" }""", "hospital, social-service, care-home, other", TestName = "A requester without a kind")]
    [TestCase("""{ "kind": "hospital" }""", "name", TestName = "A requester body without its name")]
    [TestCase("""{ "name": "Hospital Sant Joan", "kind": "hospital", "colour": "red" }""", "colour", TestName = "A requester body with an unknown field")]
    [CancelAfter(30_000)]
    public async Task A_bad_requester_is_refused_with_what_is_wrong(string body, string expected)
    {
        var before = await _staff.TotalAsync("/api/requesters");
        using var response = await _staff.PostRawAsync("/api/requesters", body);
        Assert.That(await response.ProblemAsync(HttpStatusCode.BadRequest), Does.Contain(expected));
        Assert.That(await _staff.TotalAsync("/api/requesters"), Is.EqualTo(before));
    }

    private Task WaitForBedCheckAsync() => Http.EventuallyAsync(
        async () => (await _staff.GetJsonAsync("/api/printers/manual-1")).GetProperty("state").GetString() is "needs-bed-clear" or "ready",
        TimeSpan.FromSeconds(30), "manual-1 online");
}
