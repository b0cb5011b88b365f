using System.Net;

namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>Designs the API tests put in a fresh farm through the API itself.</summary>
internal static class SampleDesigns
{
    /// <summary>The approved ear saver with its MK3S PLA variant (the real sample G-code).</summary>
    public static async Task AddEarSaverAsync(HttpClient staff)
    {
        using var design = await staff.PostJsonAsync("/api/designs", new { id = "ear-saver", name = "Ear saver", licence = "CC BY-SA 4.0", sourceUrl = "https://github.com/mgesteiro/FreeCAD-models", approval = "approved" });
        Assert.That(design.StatusCode, Is.EqualTo(HttpStatusCode.Created), await design.Content.ReadAsStringAsync());
        using var variant = await staff.PostAsync("/api/designs/ear-saver/variants", Multipart.File("mk3s_pla.gcode", Multipart.Sample("ear-saver/mk3s_pla.gcode"),
            new Dictionary<string, string> { ["name"] = "mk3s-pla", ["profile"] = "prusa", ["material"] = "PLA", ["minBedXMm"] = "250", ["minBedYMm"] = "210" }));
        Assert.That(variant.StatusCode, Is.EqualTo(HttpStatusCode.Created), await variant.Content.ReadAsStringAsync());
    }
}
