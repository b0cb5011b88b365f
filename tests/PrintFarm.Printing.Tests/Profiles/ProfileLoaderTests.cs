using PrintFarm.Printing.Profiles;

namespace PrintFarm.Printing.Tests.Profiles;

public class ProfileLoaderTests
{
    private static string ProfilesDir => Path.Combine(TestContext.CurrentContext.TestDirectory, "firmware-profiles");

    [Test]
    public void LoadDirectory_ShippedProfiles_AllFiveLoad()
    {
        var names = ProfileLoader.LoadDirectory(ProfilesDir).Select(p => p.Name).ToList();
        Assert.That(names, Is.EquivalentTo(new[] { "klipper", "marlin", "prusa", "reprapfirmware", "smoothieware" }));
    }

    [Test]
    public void Parse_UnknownKey_Rejected()
    {
        var json = """{"name":"x","displayName":"X","detect":["x"],"rxBuferBytes":128}""";
        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(json, "x.json"));
        Assert.That(ex!.Message, Does.Contain("rxBuferBytes"));
    }

    [TestCase("""{"displayName":"X","detect":["x"]}""", "name")]
    [TestCase("""{"name":"x","displayName":"X","detect":["("]}""", "bad pattern")]
    [TestCase("""{"name":"x","displayName":"X","detect":["x"],"rxBufferBytes":2}""", "rxBufferBytes")]
    [TestCase("""{"name":"x","displayName":"X","detect":["x"],"flowControl":"fast"}""", "x.json")]
    [TestCase("""{"name":"x","displayName":"X","detect":[]}""", "detect")]
    [TestCase("""not json""", "x.json")]
    [TestCase("""null""", "null")]
    public void Parse_BadProfile_ClearError(string json, string mentions)
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(json, "x.json"));
        Assert.That(ex!.Message, Does.Contain(mentions));
    }

    [TestCase("FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 29 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin", "marlin")]
    [TestCase("FIRMWARE_NAME:Marlin bugfix-2.1.x (Nov 1 2024)", "marlin")]
    [TestCase("FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware", "prusa")]
    [TestCase("ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0", "klipper")]
    [TestCase("FIRMWARE_NAME: RepRapFirmware for Duet 3 MB6HC FIRMWARE_VERSION: 3.4.5", "reprapfirmware")]
    [TestCase("FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org", "smoothieware")]
    public void Detect_M115_PicksProfile(string m115, string expected)
    {
        var catalog = new ProfileCatalog(ProfileLoader.LoadDirectory(ProfilesDir));
        Assert.That(catalog.Detect(m115)?.Name, Is.EqualTo(expected));
    }

    [Test]
    public void Detect_UnknownFirmware_Null()
    {
        var catalog = new ProfileCatalog(ProfileLoader.LoadDirectory(ProfilesDir));
        Assert.That(catalog.Detect("FIRMWARE_NAME:Repetier_1.0.3"), Is.Null);
    }

    // profile, line, severity
    [TestCase("marlin", "Error:checksum mismatch, Last Line: 41", ErrorSeverity.Informational)]
    [TestCase("marlin", "Error:Line Number is not Last Line Number+1, Last Line: 41", ErrorSeverity.Informational)]
    [TestCase("marlin", "Error:No Checksum with line number, Last Line: 41", ErrorSeverity.Informational)]
    [TestCase("marlin", "Error:Thermal Runaway, system stopped! Heater_ID: 0", ErrorSeverity.Fatal)]
    [TestCase("marlin", "Error:Heating failed, system stopped! Heater_ID: bed", ErrorSeverity.Fatal)]
    [TestCase("marlin", "Error:MAXTEMP triggered, system stopped! Heater_ID: 0", ErrorSeverity.Fatal)]
    [TestCase("marlin", "Error:Printer halted. kill() called!", ErrorSeverity.Fatal)]
    [TestCase("marlin", "echo:Unknown command: \"G999\"", ErrorSeverity.NotAnError)]
    [TestCase("prusa", "Error:checksum mismatch, Last Line: 41", ErrorSeverity.Informational)]
    [TestCase("prusa", "Error:Printer halted. kill() called!", ErrorSeverity.Fatal)]
    [TestCase("klipper", "!! Move out of range: 0.000 0.000 500.000 [0.000]", ErrorSeverity.Fatal)]
    [TestCase("klipper", "!! Shutdown due to webhooks request", ErrorSeverity.Fatal)]
    [TestCase("klipper", "// Klipper state: Ready", ErrorSeverity.NotAnError)]
    [TestCase("reprapfirmware", "Error: Heater 1 fault", ErrorSeverity.Fatal)]
    [TestCase("reprapfirmware", "Error: G1: target position not reachable", ErrorSeverity.Informational)]
    [TestCase("smoothieware", "!!", ErrorSeverity.Fatal)]
    [TestCase("smoothieware", "Error: MINTEMP triggered. Check your temperature sensors!", ErrorSeverity.Fatal)]
    public void Classify_ProfileErrorLines(string profile, string line, ErrorSeverity expected)
    {
        var catalog = new ProfileCatalog(ProfileLoader.LoadDirectory(ProfilesDir));
        Assert.That(new ErrorClassifier(catalog.Get(profile)).Classify(line), Is.EqualTo(expected));
    }

    [Test]
    public void EveryProfile_ForbidsEmergencyStopInJobs_AndHasScripts()
    {
        foreach (var p in ProfileLoader.LoadDirectory(ProfilesDir))
        {
            Assert.That(p.ForbiddenCommands, Does.Contain("M112"), p.Name);
            Assert.That(p.Scripts.Cancel, Is.Not.Empty, p.Name);
        }
    }
}
