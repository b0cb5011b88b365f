using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Requesters;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Requesters;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class RequesterBookTests(StoreKind kind) : FarmFixture(kind)
{
    private RequesterBook Book => Get<RequesterBook>();

    [Test]
    public async Task CreateAsync_Stored_Audited_AndListedWithTheOnesDemandsName()
    {
        await AddDesignAsync();
        await DemandAsync(3, requester: "Sant Pau");
        var created = await Book.CreateAsync("  Residència Sant Andreu ", RequesterKind.CareHome, Staff);

        var listed = await Store.Reader.ListRequestersAsync();
        var audit = await Store.Reader.ListAuditAsync("requester:Residència Sant Andreu", 10);

        Assert.Multiple(() =>
        {
            Assert.That((created.Name, created.Kind, created.CreatedBy, created.CreatedAt),
                Is.EqualTo(("Residència Sant Andreu", RequesterKind.CareHome, Staff, Time.GetUtcNow())));
            Assert.That(listed.Select(r => (r.Name, r.Kind, r.CreatedBy)), Is.EqualTo(new[]
            {
                ("Residència Sant Andreu", RequesterKind.CareHome, Staff),
                ("Sant Pau", RequesterKind.Hospital, ""),
            }), "a requester only a demand names is known, with its demand's kind");
            Assert.That(audit.Select(e => (e.Action, e.Actor, e.Details)), Is.EqualTo(new[] { ("requester.created", Staff, "care-home") }));
        });
    }

    [Test]
    public async Task CreateAsync_OneThatDemandsName_IsCreatedOnce_AndListedOnce()
    {
        await AddDesignAsync();
        await DemandAsync(3, requester: "Sant Pau");
        await Book.CreateAsync("Sant Pau", RequesterKind.Hospital, Staff);

        Assert.Multiple(async () =>
        {
            Assert.That((await Store.Reader.ListRequestersAsync()).Select(r => (r.Name, r.CreatedBy)), Is.EqualTo(new[] { ("Sant Pau", Staff) }));
            Assert.That(async () => await Book.CreateAsync("Sant Pau", RequesterKind.Other, Staff), Throws.TypeOf<FarmConflictException>().With.Message.Contains("exists already"));
            Assert.That((await Book.CreateAsync("Sant Pau", RequesterKind.Other, "config", existingIsFine: true)).Kind, Is.EqualTo(RequesterKind.Hospital),
                "the config's start keeps the stored requester");
        });
    }

    [Test]
    public async Task CountOpenDemandsByRequesterAsync_CountsOnlyOpenOnes()
    {
        await AddDesignAsync();
        await DemandAsync(3, requester: "Sant Pau");
        await DemandAsync(2, requester: "Sant Pau", node: "node-b");
        var cancelled = await DemandAsync(1);
        await Demands.CancelAsync(cancelled.Id, Staff);

        Assert.That(await Store.Reader.CountOpenDemandsByRequesterAsync(), Is.EqualTo(new Dictionary<string, long> { ["Sant Pau"] = 2 }));
    }

    [TestCase("", RequesterKind.Hospital, "a requester needs a name", TestName = "No name")]
    [TestCase("   ", RequesterKind.Hospital, "a requester needs a name", TestName = "A blank name")]
    [TestCase("Hospital \u202e", RequesterKind.Hospital, "\\u202E", TestName = "A bidirectional character")]
    [TestCase("Stock", RequesterKind.Hospital, "the name of stock", TestName = "The name of stock")]
    [TestCase("Hospital Clínic", (RequesterKind)42, "hospital, social-service, care-home, other", TestName = "A kind that is none")]
    [TestCase("Hospital Clínic", null, "hospital, social-service, care-home, other", TestName = "No kind")]
    public async Task CreateAsync_BadRequester_RefusedAndNothingStored(string name, RequesterKind? kind, string message)
    {
        Assert.That(async () => await Book.CreateAsync(name, kind, Staff), Throws.TypeOf<FarmValidationException>().With.Message.Contains(message));
        Assert.That(await Store.Reader.ListRequestersAsync(), Is.Empty);
    }

    [Test]
    public void CreateAsync_NameTooLong_Refused() =>
        Assert.That(async () => await Book.CreateAsync(new string('x', RequesterBook.MaxNameLength + 1), RequesterKind.Other, Staff),
            Throws.TypeOf<FarmValidationException>());

    [TestCase("hospital", RequesterKind.Hospital)]
    [TestCase("care-home", RequesterKind.CareHome)]
    [TestCase("social-service", RequesterKind.SocialService)]
    [TestCase("CareHome", null)]
    [TestCase("1", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void ParseKind_TakesOnlyTheSpelledKinds(string? text, RequesterKind? kind) =>
        Assert.That(RequesterBook.ParseKind(text), Is.EqualTo(kind));
}
