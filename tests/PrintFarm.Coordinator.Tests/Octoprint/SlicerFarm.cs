using System.Net;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Octoprint;

/// <summary>
/// A farm the slicer tests talk to: three virtual printers of three classes (an MK3S with PLA, an Ender-3 with PLA, a
/// Voron with PETG), each clearing its own bed and running 500 times faster than real time, and the ear saver's MK3S
/// variant from the real sample G-code.
/// </summary>
internal static class SlicerFarm
{
    public static Task<TestFarm> StartAsync() => TestFarm.StartAsync(FarmConfigs.Farm(0, 0,
        FarmConfigs.Printer("lab-mk3s", autoClearBed: true, timeScale: 500),
        Printer("lab-ender", "marlin", 235, 235, "PLA"),
        Printer("lab-voron", "klipper", 350, 350, "PETG")));

    private static string Printer(string id, string profile, int bed, int bedY, string material) => $$"""
        { "id": "{{id}}", "site": "lab", "port": "virtual", "profile": "{{profile}}", "bedXMm": {{bed}}, "bedYMm": {{bedY}}, "material": "{{material}}",
          "autoClearBed": true, "virtual": { "dialect": "{{profile}}", "timeScale": 500, "baud": 2000000 } }
        """;

    /// <summary>Waits until the job is completed, and returns it.</summary>
    public static async Task<System.Text.Json.JsonElement> CompletedAsync(HttpClient client, long jobId)
    {
        System.Text.Json.JsonElement job = default;
        await Http.EventuallyAsync(async () =>
        {
            job = await client.GetJsonAsync($"/api/jobs/{jobId}");
            var state = job.GetProperty("state").GetString();
            Assert.That(state, Is.Not.AnyOf("failed", "cancelled", "interrupted"), job.ToString());
            return state == "completed";
        }, TimeSpan.FromSeconds(90), $"job {jobId} completed");
        return job;
    }

    public static async Task<System.Text.Json.JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        return body;
    }
}
