using PrintFarm.Coordinator.Configuration;
namespace PrintFarm.Coordinator.Tests.Configuration;

public sealed class ServeConfigLoaderTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("printfarm-config-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "farm.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void The_barcelona_demo_config_loads_and_resolves_design_files_next_to_it()
    {
        var options = ServeConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, "samples", "barcelona", "farm.json"));
        Assert.Multiple(() =>
        {
            Assert.That(options.Printers, Has.Count.EqualTo(12));
            Assert.That(options.Printers.Select(p => p.Site).Distinct().Count(), Is.GreaterThanOrEqualTo(4));
            Assert.That(options.Demands.Select(d => d.Requester).Distinct(), Has.Exactly(3).Items);
            Assert.That(options.Demands.Select(d => d.Requester).Distinct(), Is.SubsetOf(options.Requesters.Keys), "every demo demand's requester is listed");
            Assert.That(options.Requesters["Residència Sant Andreu"].Kind, Is.EqualTo("care-home"));
            Assert.That(options.Designs.SelectMany(d => d.Variants).All(v => File.Exists(ServeOptionsValidator.ResolvePath(options, v.File))), Is.True);
        });
    }

    [Test]
    public void No_file_gives_the_defaults()
    {
        var options = ServeConfigLoader.Load(null);
        Assert.Multiple(() =>
        {
            Assert.That(options.Urls, Is.EqualTo("http://127.0.0.1:5180"));
            Assert.That(options.MaxUploadMegabytes, Is.EqualTo(200));
            Assert.That(options.Printers, Is.Empty);
        });
    }

    [TestCase("""{ "urls": "ftp://x" }""", "urls: \"ftp://x\" is not an http:// or https:// address")]
    [TestCase("""{ "maxUploadMegabytes": 0 }""", "maxUploadMegabytes: must be between 1 and 100000")]
    [TestCase("""{ "maxUploadMegabytes": "lots" }""", "maxUploadMegabytes")]
    [TestCase("""{ "portt": 5 }""", "portt")]
    [TestCase("""{ "email": { "host": "smtp.example.org", "security": "ssl" } }""", "email.security: \"ssl\" is not starttls, tls or none")]
    [TestCase("""{ "email": { "host": "smtp.example.org", "from": "the farm" } }""", "email.from: \"the farm\" is not an e-mail address")]
    [TestCase("""{ "email": { "host": "smtp.example.org", "windowSeconds": 0 } }""", "email.windowSeconds: must be between 1 and 86400")]
    [TestCase("""{ "email": { "host": "bad host!" } }""", "email.host: \"bad host!\" is not a host name")]
    [TestCase("""{ "email": { "host": "smtp.example.org", "password": "x" } }""", "email.password: is set without email.user")]
    [TestCase("""{ "email": { "hots": "smtp.example.org" } }""", "hots")]
    [TestCase("""{ "offlineNoticeMinutes": 0 }""", "offlineNoticeMinutes: must be between 0.05 and 10080")]
    [TestCase("""{ "printers": [ { "id": "a", "site": "s", "port": "virtual", "bedXMm": 200, "bedYMm": 200, "virtual": { "dialect": "makerbot" } } ] }""", "printers[0].virtual.dialect: \"makerbot\" is not")]
    [TestCase("""{ "printers": [ { "id": "a", "site": "s", "port": "COM3", "bedXMm": 200, "bedYMm": 200 } ] }""", "printers[0].port: \"COM3\" is not a device path")]
    [TestCase("""{ "printers": [ { "id": "a", "site": "s", "port": "virtual" } ] }""", "printers[0].bedXMm, bedYMm: required")]
    [TestCase("""{ "printers": [ { "id": "a", "site": "s", "port": "virtual", "bedXMm": 1, "bedYMm": 1 }, { "id": "a", "site": "s", "port": "virtual", "bedXMm": 1, "bedYMm": 1 } ] }""", "printers[1].id: \"a\" is used twice")]
    [TestCase("""{ "designs": [ { "id": "d", "approval": "maybe" } ] }""", "designs[0].approval: \"maybe\" is not pending, approved or withdrawn")]
    [TestCase("""{ "designs": [ { "id": "d", "variants": [ { "name": "v", "file": "missing.gcode", "minBedXMm": 1, "minBedYMm": 1 } ] } ] }""", "designs[0].variants[0].file: \"missing.gcode\" not found")]
    [TestCase("""{ "demands": [ { "requester": "H", "kind": "clinic", "designId": "d", "quantity": 1, "node": "n" } ] }""", "demands[0].kind: \"clinic\" is not")]
    [TestCase("""{ "demands": [ { "requester": "H", "designId": "d", "quantity": 0, "node": "n" } ] }""", "demands[0].quantity: must be at least 1")]
    [TestCase("""{ "requesters": { "Hospital Clínic": { "kind": "clinic" } } }""", "requesters.Hospital Clínic.kind: \"clinic\" is not hospital, social-service, care-home or other")]
    [TestCase("""{ "requesters": { "Hospital Clínic": {} } }""", "requesters.Hospital Clínic.kind: \"\" is not hospital")]
    [TestCase("""{ "requesters": { "Stock": { "kind": "other" } } }""", "requesters.Stock: \"Stock\" is the name of stock")]
    [TestCase("""{ "requesters": { "Residència Sant Andreu": { "kind": "care-home" } }, "demands": [ { "requester": "Residència Sant Andreu", "kind": "hospital", "designId": "d", "quantity": 1, "node": "n" } ] }""",
        "demands[0].kind: \"hospital\" is not the kind requesters.Residència Sant Andreu has (\"care-home\")")]
    [TestCase("""{ "urls": "http://127.0.0.1:1", """, "not valid JSON at line")]
    public void A_mistake_is_named_by_its_key(string json, string expected)
    {
        var ex = Assert.Throws<ServeConfigException>(() => ServeConfigLoader.Load(Write(json)));
        Assert.That(ex!.Problems, Has.Some.Contains(expected));
    }

    [Test]
    public void Every_mistake_is_reported_at_once()
    {
        var ex = Assert.Throws<ServeConfigException>(() => ServeConfigLoader.Load(Write("""{ "maxUploadMegabytes": -1, "schedulerIntervalSeconds": 0 }""")));
        Assert.That(ex!.Problems, Has.Count.EqualTo(2));
    }

    [Test]
    public void Environment_style_overrides_win_over_the_file()
    {
        var options = ServeConfigLoader.Load(Write("""{ "urls": "http://127.0.0.1:6000", "printers": [ { "id": "a", "site": "s", "port": "virtual", "bedXMm": 1, "bedYMm": 1 } ] }"""),
            new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:7000", ["Printers:0:Port"] = "/dev/ttyACM0" });
        Assert.Multiple(() =>
        {
            Assert.That(options.Urls, Is.EqualTo("http://127.0.0.1:7000"));
            Assert.That(options.Printers[0].Port, Is.EqualTo("/dev/ttyACM0"));
        });
    }
}
