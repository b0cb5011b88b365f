using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Printers;

/// <summary><c>GET /api/printers/{id}</c> says why a ready printer gets no job.</summary>
public sealed class IdleReasonsApiTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task AReadyPrinterWithTheWrongMaterial_SaysSo()
    {
        const string Petg = """
            { "id": "petg-1", "site": "lab", "port": "virtual", "profile": "prusa", "bedXMm": 250, "bedYMm": 210, "material": "PETG",
              "autoClearBed": true, "virtual": { "dialect": "prusa", "timeScale": 1000, "baud": 2000000 } }
            """;
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(10, 0, Petg));
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        await Http.EventuallyAsync(async () => (await staff.GetJsonAsync("/api/printers/petg-1")).GetProperty("state").GetString() == "ready",
            TimeSpan.FromSeconds(30), "petg-1 ready");
        var printer = await staff.GetJsonAsync("/api/printers/petg-1");
        var reasons = printer.GetProperty("idleReasons").EnumerateArray().Select(r => (r.GetProperty("code").GetString(), r.GetProperty("detail").GetString())).ToList();
        Assert.That(reasons, Is.EqualTo(new[] { ("no-fitting-file", "ear-saver is needed, but its files need PLA loaded (this printer has PETG)") }));
        Assert.That(printer.GetProperty("id").GetString(), Is.EqualTo("petg-1"), "the rest of the printer is as before");
    }
}
