namespace PrintFarm.Wire.Tests;

/// <summary>One rule for a topic prefix, whether the coordinator's config or an agent's names it.</summary>
public sealed class TopicPrefixTests
{
    [TestCase("printfarm/v1", true)]
    [TestCase("barcelona/farm/v2", true)]
    [TestCase("printfarm/v1/", true, TestName = "One trailing slash is dropped")]
    [TestCase("pf", true)]
    [TestCase("", false)]
    [TestCase("   ", false)]
    [TestCase(null, false)]
    [TestCase("/printfarm", false, TestName = "A leading slash")]
    [TestCase("$SYS/printfarm", false, TestName = "The broker's own topics")]
    [TestCase("printfarm//v1", false, TestName = "An empty level")]
    [TestCase("printfarm/+", false, TestName = "A one-level wildcard")]
    [TestCase("printfarm/#", false, TestName = "A many-level wildcard")]
    [TestCase("print farm", false, TestName = "A space")]
    [TestCase("printfarm\u0007", false, TestName = "A control character")]
    public void A_prefix_is_valid_for_both_sides_or_for_neither(string? prefix, bool valid) =>
        Assert.That(Topics.IsValidPrefix(prefix), Is.EqualTo(valid));
}
