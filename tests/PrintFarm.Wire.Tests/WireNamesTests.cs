using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Printers;
namespace PrintFarm.Wire.Tests;

public sealed class WireNamesTests
{
    [TestCase(PrinterState.NeedsBedClear, "needs-bed-clear")]
    [TestCase(PrinterState.Ready, "ready")]
    [TestCase(PrinterState.Maintenance, "maintenance")]
    public void Printer_states_are_hyphenated_lower_case(PrinterState state, string wire)
    {
        Assert.Multiple(() =>
        {
            Assert.That(WireNames.Of(state), Is.EqualTo(wire));
            Assert.That(WireNames.Parse<PrinterState>(wire), Is.EqualTo(state));
        });
    }

    [TestCase("care-home", RequesterKind.CareHome)]
    [TestCase("Social-Service", RequesterKind.SocialService)]
    public void Parsing_ignores_case(string wire, RequesterKind kind) => Assert.That(WireNames.Parse<RequesterKind>(wire), Is.EqualTo(kind));

    [TestCase("CareHome")]
    [TestCase("2")]
    [TestCase("")]
    public void Other_spellings_are_refused(string wire) => Assert.That(WireNames.TryParse<RequesterKind>(wire, out _), Is.False);
}
