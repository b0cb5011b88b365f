using System.Net;
using PrintFarm.Coordinator.Email;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Tests.Email;

/// <summary><c>/api/email-recipients</c>: who may add which address, and what junk gets.</summary>
public sealed class EmailApiTests
{
    private static readonly string[] Bed = ["printer.needs-bed-clear"];

    [Test]
    [CancelAfter(60_000)]
    public async Task StaffSeeEveryAddress_AMakerOnlyHerOwn_AndCannotSpeakForAnother()
    {
        await using var farm = await TestFarm.StartAsync();
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        using var anna = farm.Client(await farm.CreateKeyAsync("maker", "anna", owner: "anna"));
        using var bert = farm.Client(await farm.CreateKeyAsync("maker", "bert", owner: "bert"));
        using var viewer = farm.Client(await farm.CreateKeyAsync("viewer", "wall"));

        var desk = await EmailDeliveryTests.AddRecipientAsync(staff, new { address = "desk@lab.example", events = Bed, site = "ateneu-poblenou" });
        var annas = await EmailDeliveryTests.AddRecipientAsync(anna, new { address = "anna@example.org", events = Bed });
        using var forBert = await anna.PostJsonAsync("/api/email-recipients", new { address = "anna@example.org", events = Bed, owner = "bert" });
        using var twice = await anna.PostJsonAsync("/api/email-recipients", new { address = "Anna@example.org", events = Bed });
        using var looked = await viewer.GetAsync(new Uri("/api/email-recipients", UriKind.Relative));
        var all = await staff.GetJsonAsync("/api/email-recipients");
        var mine = await anna.GetJsonAsync("/api/email-recipients");
        var his = await bert.GetJsonAsync("/api/email-recipients");
        using var bertDeletes = await bert.DeleteAsync(new Uri($"/api/email-recipients/{annas}", UriKind.Relative));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(all.GetProperty("total").GetInt32(), Is.EqualTo(2));
            Assert.That(all.GetProperty("sending").GetBoolean(), Is.False, "no email.host in this farm");
            Assert.That(mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()), Is.EqualTo(new[] { annas }));
            Assert.That(mine.GetProperty("items")[0].GetProperty("owner").GetString(), Is.EqualTo("anna"), "a maker's address is bound to her printers");
            Assert.That(his.GetProperty("total").GetInt32(), Is.Zero);
            Assert.That(forBert.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(looked.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(bertDeletes.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another maker's address is not there for him");
            Assert.That(await staff.TotalAsync("/api/email-recipients"), Is.EqualTo(2));
        });

        using var annaDeletes = await anna.DeleteAsync(new Uri($"/api/email-recipients/{annas}", UriKind.Relative));
        using var staffDeletes = await staff.DeleteAsync(new Uri($"/api/email-recipients/{desk}", UriKind.Relative));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(annaDeletes.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(staffDeletes.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await staff.TotalAsync("/api/email-recipients"), Is.Zero);
        });
    }

    [TestCase("not json")]
    [TestCase("[1]")]
    [TestCase("""{"address": 5, "events": ["printer.error"]}""")]
    [TestCase("""{"address": "a@b.example"}""")]
    [TestCase("""{"address": "a@b.example", "events": ["printer.on-fire"]}""")]
    [CancelAfter(60_000)]
    public async Task Junk_Is400(string body)
    {
        await using var farm = await TestFarm.StartAsync();
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        using var response = await staff.PostRawAsync("/api/email-recipients", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [TestCase("anna@example.org", true)]
    [TestCase("  anna@example.org ", true)]
    [TestCase("Anna <anna@example.org>", false)]
    [TestCase("anna", false)]
    [TestCase("@example.org", false)]
    [TestCase("anna@", false)]
    [TestCase("a@b@example.org", false)]
    [TestCase("anna@example.org, bert@example.org", false)]
    [TestCase("anna@example.org\r\nBcc: all@example.org", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void Validate_TakesOnePlainAddress(string? address, bool valid)
    {
        var body = new NewEmailRecipientRequest { Address = address, Events = Bed };
        if (valid)
            Assert.That(EmailEndpoints.Validate(body).Address, Is.EqualTo(address!.Trim()));
        else
            Assert.Throws<FarmValidationException>(() => EmailEndpoints.Validate(body));
    }
}
