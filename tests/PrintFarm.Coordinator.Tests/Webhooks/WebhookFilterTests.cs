using PrintFarm.Coordinator.Webhooks;
using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Coordinator.Tests.Webhooks;

/// <summary>Which events a webhook takes: its kinds, and its site, maker and requester filters.</summary>
public sealed class WebhookFilterTests
{
    [TestCase(null, null, null, "lab", "anna", "Hospital del Mar", true, TestName = "No filter takes everything")]
    [TestCase("lab", null, null, "lab", "anna", null, true, TestName = "Its own site")]
    [TestCase("lab", null, null, "other-lab", "anna", null, false, TestName = "Another site")]
    [TestCase("lab", null, null, null, null, "Hospital del Mar", false, TestName = "A site filter and an event without a site")]
    [TestCase(null, "anna", null, "lab", "anna", null, true, TestName = "Its own maker")]
    [TestCase(null, "anna", null, "lab", "bernat", null, false, TestName = "Another maker")]
    [TestCase(null, null, "Hospital del Mar", null, null, "Hospital del Mar", true, TestName = "Its own requester")]
    [TestCase(null, null, "Hospital del Mar", null, null, "Hospital Clínic", false, TestName = "Another requester")]
    [TestCase(null, null, "Hospital del Mar", "lab", "anna", null, false, TestName = "A requester filter and a printer event")]
    public void Takes_ByFilter(string? site, string? owner, string? requester, string? eventSite, string? eventOwner, string? eventRequester, bool takes)
    {
        var webhook = new Webhook { Url = "https://x/", Events = ["job.completed"], Secret = "s", Site = site, Owner = owner, Requester = requester };
        var e = new WebhookEvent("job.completed", DateTimeOffset.UnixEpoch, new { }, "p", eventRequester) { Site = eventSite, Owner = eventOwner };
        Assert.That(WebhookFilter.Takes(webhook, e), Is.EqualTo(takes));
    }

    [Test]
    public void Takes_AKindItDidNotAskFor_No()
    {
        var webhook = new Webhook { Url = "https://x/", Events = ["printer.error"], Secret = "s" };
        Assert.That(WebhookFilter.Takes(webhook, new WebhookEvent("job.completed", DateTimeOffset.UnixEpoch, new { }, "p", null)), Is.False);
    }

    [Test]
    public void Signature_IsTheHexHmacSha256OfTheBody()
    {
        // echo -n '{"a":1}' | openssl dgst -sha256 -hmac 'it-is-a-secret-key'
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("it-is-a-secret-key"u8, """{"a":1}"""u8));
        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignature.Sign("it-is-a-secret-key", """{"a":1}"""), Is.EqualTo(expected));
            Assert.That(WebhookSignature.Verify("it-is-a-secret-key", """{"a":1}""", expected), Is.True);
            Assert.That(WebhookSignature.Verify("it-is-a-secret-key", """{"a":2}""", expected), Is.False);
        });
    }
}
