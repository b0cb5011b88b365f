using System.Text.Json;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Printers;
namespace PrintFarm.Wire.Tests;

public sealed class WireEnumConverterTests
{
    private static readonly JsonSerializerOptions Json = WireNames.Configure(new JsonSerializerOptions());

    private sealed record Body(RequesterKind? Kind = null, PrinterState State = PrinterState.Offline);

    [TestCase("""{ "kind": "care-home" }""", RequesterKind.CareHome, PrinterState.Offline)]
    [TestCase("""{ "kind": "Social-Service", "state": "needs-bed-clear" }""", RequesterKind.SocialService, PrinterState.NeedsBedClear)]
    [TestCase("""{ "kind": null }""", null, PrinterState.Offline)]
    public void Wire_names_are_read(string json, RequesterKind? kind, PrinterState state) =>
        Assert.That(JsonSerializer.Deserialize<Body>(json, Json), Is.EqualTo(new Body(kind, state)));

    [Test]
    public void Values_are_written_as_their_wire_names() =>
        Assert.That(JsonSerializer.Serialize(new Body(RequesterKind.CareHome, PrinterState.NeedsBedClear), Json),
            Is.EqualTo("""{"kind":"care-home","state":"needs-bed-clear"}"""));

    [TestCase("""{ "kind": "clinic" }""", "\"clinic\" is not one of hospital, social-service, care-home, other", TestName = "An unknown name lists the valid ones")]
    [TestCase("""{ "kind": "CareHome" }""", "\"CareHome\" is not one of", TestName = "The .NET spelling is not a wire name")]
    [TestCase("""{ "state": 2 }""", "as a string, not a number", TestName = "A number is refused")]
    [TestCase("""{ "state": true }""", "not true or false", TestName = "A boolean is refused")]
    [TestCase("""{ "state": { "x": 1 } }""", "not an object", TestName = "An object is refused")]
    public void Other_values_are_refused_with_the_valid_names(string json, string expected)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Body>(json, Json));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain(expected));
            Assert.That(ex.Message, Does.Not.Contain("System."), "no .NET type names");
            Assert.That(ex.Path, Does.StartWith("$."), "where it was");
        });
    }

    [Test]
    public void Junk_is_echoed_only_in_part()
    {
        var junk = new string('x', 10_000);
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Body>($$"""{ "kind": "{{junk}}" }""", Json));
        Assert.That(ex!.Message, Has.Length.LessThan(400));
    }
}
