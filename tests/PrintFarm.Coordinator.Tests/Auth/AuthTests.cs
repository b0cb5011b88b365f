using System.Net;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Auth;

/// <summary>Keys and roles over real HTTP: 401 without a valid key, 403 with the wrong rights, 429 after repeated failures.</summary>
public sealed class AuthTests
{
    private TestFarm _farm = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["AuthFailuresPerMinute"] = "1000" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _farm.DisposeAsync();

    [TestCase("/api/printers")]
    [TestCase("/api/jobs")]
    [TestCase("/api/demands")]
    [TestCase("/api/ledger")]
    [TestCase("/api/designs")]
    [TestCase("/api/keys")]
    [TestCase("/api/events")]
    [TestCase("/metrics")]
    [TestCase("/api/job?printer=x")]
    [TestCase("/api/version")] // the slicers' connection test: it must fail with no key
    [TestCase("/api/settings")]
    public async Task Every_route_needs_a_key(string url)
    {
        using var anonymous = _farm.Client();
        using var response = await anonymous.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("/healthz")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/openapi")]
    [TestCase("/")]
    public async Task Health_the_api_reference_and_the_dashboard_need_none(string url)
    {
        using var anonymous = _farm.Client();
        using var response = await anonymous.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_wrong_key_is_401_as_header_and_as_bearer()
    {
        using var wrong = _farm.Client("pf_not-a-key");
        using var bearer = _farm.Client();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "pf_not-a-key");
        using var r1 = await wrong.GetAsync("/api/printers");
        using var r2 = await bearer.GetAsync("/api/printers");
        Assert.Multiple(() =>
        {
            Assert.That(r1.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(r2.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task The_admin_key_works_as_a_bearer_token()
    {
        using var client = _farm.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _farm.AdminKey);
        using var response = await client.GetAsync("/api/printers");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_viewer_reads_but_cannot_write()
    {
        using var viewer = _farm.Client(await _farm.CreateKeyAsync("viewer", "wall-screen"));
        using var read = await viewer.GetAsync("/api/ledger");
        using var write = await viewer.PostJsonAsync("/api/demands", new { requester = "H", designId = "d", quantity = 1, node = "n" });
        using var keys = await viewer.GetAsync("/api/keys");
        Assert.Multiple(async () =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await write.ProblemAsync(HttpStatusCode.Forbidden);
            Assert.That(keys.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Staff_cannot_manage_keys()
    {
        using var staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
        using var response = await staff.PostJsonAsync("/api/keys", new { name = "x", role = "admin" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_maker_sees_and_drives_only_their_own_printers()
    {
        using var anna = _farm.Client(await _farm.CreateKeyAsync("maker", "anna", owner: "anna-auth"));
        using var jordi = _farm.Client(await _farm.CreateKeyAsync("maker", "jordi", owner: "jordi-auth"));
        using var own = await anna.PostJsonAsync("/api/printers", Printer("anna-auth-1", "home-gracia"));
        using var foreign = await anna.PostJsonAsync("/api/printers", Printer("anna-auth-2", "home-gracia", owner: "jordi-auth"));
        using var jordis = await jordi.PostJsonAsync("/api/printers", Printer("jordi-auth-1", "home-sants"));
        Assert.Multiple(async () =>
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Created), await own.Content.ReadAsStringAsync());
            Assert.That((await own.JsonAsync()).GetProperty("owner").GetString(), Is.EqualTo("anna-auth"));
            await foreign.ProblemAsync(HttpStatusCode.Forbidden);
            Assert.That(jordis.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
        var list = await anna.GetJsonAsync("/api/printers");
        var ids = list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        using var peek = await anna.GetAsync("/api/printers/jordi-auth-1");
        using var drive = await anna.PostJsonAsync("/api/printers/jordi-auth-1/actions/maintenance", new { });
        using var patch = await anna.PatchAsync("/api/printers/anna-auth-1", JsonContent("""{ "material": "PETG" }"""));
        Assert.Multiple(async () =>
        {
            Assert.That(ids, Is.EqualTo(new[] { "anna-auth-1" }));
            await peek.ProblemAsync(HttpStatusCode.NotFound);
            await drive.ProblemAsync(HttpStatusCode.NotFound);
            Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patch.Content.ReadAsStringAsync());
        });
    }

    [Test]
    public async Task A_revoked_key_stops_working_at_once()
    {
        using var admin = _farm.Admin();
        using var created = await admin.PostJsonAsync("/api/keys", new { name = "temp", role = "viewer" });
        var body = await created.JsonAsync();
        using var temp = _farm.Client(body.GetProperty("secret").GetString());
        using var before = await temp.GetAsync("/api/ledger");
        using var revoke = await admin.DeleteAsync($"/api/keys/{body.GetProperty("id").GetInt64()}");
        using var after = await temp.GetAsync("/api/ledger");
        var listed = await admin.GetJsonAsync("/api/keys");
        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(listed.ToString(), Does.Not.Contain(body.GetProperty("secret").GetString()!), "a key list never shows secrets");
        });
    }

    [Test]
    public void The_admin_key_file_is_private_and_holds_one_line()
    {
        var path = Path.Combine(_farm.DataDirectory, "admin.key");
        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(1));
            Assert.That(_farm.AdminKey, Does.StartWith("pf_"));
        });
    }

    internal static object Printer(string id, string site, string? owner = null) => new
    {
        id,
        site,
        owner,
        address = $"agent-{id}",
        bedXMm = 235,
        bedYMm = 235,
        material = "PLA",
        profile = "marlin",
    };

    internal static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
