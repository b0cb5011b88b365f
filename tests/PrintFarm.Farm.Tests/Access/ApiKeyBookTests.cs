using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Access;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class ApiKeyBookTests(StoreKind kind) : FarmFixture(kind)
{
    private ApiKeyBook Keys => new(Store, Time);

    [SetUp]
    public async Task PrintersAsync()
    {
        await Printers.RegisterAsync(NewPrinter("joan-1") with { Owner = "joan", OwnerKind = OwnerKind.Maker }, Staff);
        await Printers.RegisterAsync(NewPrinter("lab-1"), Staff);
    }

    [TestCase("admin console", ApiRole.Admin, null, null)]
    [TestCase("front desk", ApiRole.Staff, null, null)]
    [TestCase("lab agent", ApiRole.Staff, null, "lab-1")]
    [TestCase("joan's phone", ApiRole.Maker, "joan", null)]
    [TestCase("joan's agent", ApiRole.Maker, "joan", "joan-1")]
    [TestCase("dashboard", ApiRole.Viewer, null, null)]
    public async Task CreateAsync_ValidKey_StoredHashedAndFoundBySecret(string name, ApiRole role, string? owner, string? printer)
    {
        var issued = await Keys.CreateAsync(name, role, owner, printer, Staff);

        var secret = issued.Secret;
        Assert.That(secret, Does.Match("^pf_[A-Za-z0-9_-]{43}$"), "pf_ and 32 bytes in unpadded URL-safe base64");
        var key = issued.Key;
        Assert.That((key.Name, key.Role, key.Owner, key.PrinterId, key.CreatedAt, key.RevokedAt),
            Is.EqualTo((name, role, owner, printer, Time.GetUtcNow(), (DateTimeOffset?)null)));
        Assert.That(key.Prefix, Is.EqualTo(secret[..8]));
        Assert.That(key.Hash, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))));
        Assert.That(await Keys.FindAsync(secret), Is.EqualTo(key));
        Assert.That(await Keys.ListAsync(), Is.EqualTo(new[] { key }));
        Assert.That(await Keys.CountActiveAsync(), Is.EqualTo(1));
        Assert.That(issued.ToString(), Does.Not.Contain(secret));
    }

    [Test]
    public async Task CreateAsync_Audited_WithoutSecretOrHash()
    {
        var issued = await Keys.CreateAsync("joan's agent", ApiRole.Maker, "joan", "joan-1", Staff);
        await Keys.RevokeAsync(issued.Key.Id, "staff:pere");

        var entries = await Store.Reader.ListAuditAsync($"apikey:{issued.Key.Id}", 10);

        Assert.That(entries.Select(e => (e.Action, e.Actor)), Is.EqualTo(new[] { ("apikey.revoked", "staff:pere"), ("apikey.created", Staff) }));
        Assert.That(entries[1].Details, Is.EqualTo($"\"joan's agent\", maker for joan, printer joan-1, {issued.Key.Prefix}..."));
        foreach (var entry in entries)
        {
            Assert.That(entry.Details, Does.Not.Contain(issued.Secret[8..]));
            Assert.That(entry.Details, Does.Not.Contain(issued.Key.Hash));
        }
    }

    [TestCase("", ApiRole.Admin, null, null, "needs a name")]
    [TestCase("   ", ApiRole.Staff, null, null, "needs a name")]
    [TestCase("line\nbreak", ApiRole.Staff, null, null, "needs a name")]
    [TestCase("k", ApiRole.Maker, null, null, "needs the owner")]
    [TestCase("k", ApiRole.Maker, " ", null, "needs the owner")]
    [TestCase("k", ApiRole.Viewer, "joan", null, "only a maker or agent key acts for an owner")]
    [TestCase("k", ApiRole.Agent, null, null, "needs the agent id")]
    [TestCase("k", ApiRole.Staff, null, "ghost", "unknown printer ghost")]
    [TestCase("k", ApiRole.Maker, "joan", "lab-1", "printer lab-1 belongs to Ateneu lab, not to joan")]
    [TestCase("k", (ApiRole)42, null, null, "unknown role")]
    public async Task CreateAsync_BadKey_RefusedAndNothingWritten(string name, ApiRole role, string? owner, string? printer, string message)
    {
        var before = await SnapshotAsync();
        var ex = Assert.CatchAsync<FarmValidationException>(() => Keys.CreateAsync(name, role, owner, printer, Staff));
        Assert.That(ex!.Message, Does.Contain(message));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await Keys.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task CreateAsync_TooLongName_Refused() =>
        Assert.That(Assert.ThrowsAsync<FarmValidationException>(() => Keys.CreateAsync(new string('k', 101), ApiRole.Admin, null, null, Staff))!.Message,
            Does.Contain("needs a name"));

    [Test]
    public async Task RevokeAsync_ActiveKey_NoLongerFoundAndNotCounted()
    {
        var kept = await Keys.CreateAsync("kept", ApiRole.Viewer, null, null, Staff);
        var revoked = await Keys.CreateAsync("lost phone", ApiRole.Maker, "joan", null, Staff);
        Time.Advance(TimeSpan.FromHours(1));

        var after = await Keys.RevokeAsync(revoked.Key.Id, Staff);

        Assert.That(after.RevokedAt, Is.EqualTo(Time.GetUtcNow()));
        Assert.That(await Keys.FindAsync(revoked.Secret), Is.Null);
        Assert.That(await Keys.FindAsync(kept.Secret), Is.EqualTo(kept.Key));
        Assert.That(await Keys.CountActiveAsync(), Is.EqualTo(1));
        Assert.That((await Keys.ListAsync()).Select(k => (k.Id, k.IsActive)), Is.EqualTo(new[] { (kept.Key.Id, true), (revoked.Key.Id, false) }));
    }

    [Test]
    public async Task RevokeAsync_UnknownOrRevokedKey_RefusedAndNothingWritten()
    {
        var key = await Keys.CreateAsync("k", ApiRole.Admin, null, null, Staff);
        await Keys.RevokeAsync(key.Key.Id, Staff);
        var before = await SnapshotAsync();

        Assert.That(Assert.ThrowsAsync<FarmValidationException>(() => Keys.RevokeAsync(key.Key.Id, Staff))!.Message, Does.Contain("revoked already"));
        Assert.That(Assert.ThrowsAsync<FarmNotFoundException>(() => Keys.RevokeAsync(999, Staff))!.Message, Does.Contain("unknown API key 999"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("pf_")]
    [TestCase("Bearer pf_abc")]
    [TestCase("pf_notAKeyThatWasEverIssued000000000000000000")]
    public async Task FindAsync_NotAnIssuedSecret_Null(string? secret)
    {
        var issued = await Keys.CreateAsync("k", ApiRole.Admin, null, null, Staff);
        Assert.That(await Keys.FindAsync(secret), Is.Null);
        Assert.That(await Keys.FindAsync(issued.Secret.ToUpperInvariant()), Is.Null, "secrets are case-sensitive");
        Assert.That(await Keys.FindAsync(issued.Secret + "x"), Is.Null);
    }

    [Test]
    public async Task CreateAsync_ManyKeys_DistinctSecretsAndEachFindsItsOwn()
    {
        var issued = new List<IssuedApiKey>();
        for (var i = 0; i < 20; i++)
            issued.Add(await Keys.CreateAsync($"key {i}", ApiRole.Viewer, null, null, Staff));

        Assert.That(issued.Select(k => k.Secret), Is.Unique);
        Assert.That(issued.Select(k => k.Key.Hash), Is.Unique);
        var found = await Task.WhenAll(issued.Select(k => Task.Run(() => Keys.FindAsync(k.Secret))));
        Assert.That(found.Select(k => k!.Id), Is.EqualTo(issued.Select(k => k.Key.Id)));
        Assert.That(await Keys.CountActiveAsync(), Is.EqualTo(20));
    }

    [Test]
    public void AddFarm_RegistersTheKeyBook()
    {
        using var services = new ServiceCollection().AddSingleton(Store).AddSingleton<TimeProvider>(Time).AddFarm().BuildServiceProvider();
        Assert.That(services.GetRequiredService<ApiKeyBook>(), Is.Not.Null);
    }

    [TestCase(ApiRole.Agent, "anna-pi", true)]
    [TestCase(ApiRole.Agent, "joan", false)]
    [TestCase(ApiRole.Maker, "joan", true)]
    [TestCase(ApiRole.Maker, "anna-pi", false)]
    [TestCase(ApiRole.Agent, "old-pi", false)]
    [TestCase(ApiRole.Agent, "nobody", false)]
    public async Task HasActiveAsync_ByRoleAndOwner_RevokedKeysDoNotCount(ApiRole role, string owner, bool expected)
    {
        await Keys.CreateAsync("agent anna-pi", ApiRole.Agent, "anna-pi", null, Staff);
        await Keys.CreateAsync("joan's phone", ApiRole.Maker, "joan", null, Staff);
        var old = await Keys.CreateAsync("agent old-pi", ApiRole.Agent, "old-pi", null, Staff);
        await Keys.RevokeAsync(old.Key.Id, Staff);
        Assert.That(await Keys.HasActiveAsync(role, owner), Is.EqualTo(expected));
    }
}
