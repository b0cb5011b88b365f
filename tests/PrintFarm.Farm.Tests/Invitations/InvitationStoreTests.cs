using PrintFarm.Farm.Access;
using PrintFarm.Farm.Invitations;
using PrintFarm.Farm.Tests.Support;

namespace PrintFarm.Farm.Tests.Invitations;

/// <summary>Invitations on both stores: codes kept only as hashes, states by the clock, a join used once, revocation by batch.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class InvitationStoreTests(StoreKind kind) : FarmFixture(kind)
{
    private InvitationBook Book => Get<InvitationBook>();

    [Test]
    [CancelAfter(60_000)]
    public async Task Batch_StoredAsHashes_JoinedOnce_ListedByState()
    {
        var issued = await Book.CreateAsync(new NewInvitations { Node = "node-gracia", Count = 20, Batch = "gracia", Lifetime = TimeSpan.FromDays(1) }, Staff);
        Assert.That(issued.Select(i => i.Code).Distinct().Count(), Is.EqualTo(20));
        Assert.That(issued.All(i => i.Invitation.Hash == InvitationCode.Hash(InvitationCode.Normalise(i.Code)!)), Is.True);

        var joined = await Book.JoinAsync(issued[0].Code.ToLowerInvariant(), "Anna Puig");
        var again = await Book.JoinAsync(issued[1].Code, "Anna Puig");
        Assert.Multiple(() =>
        {
            Assert.That(joined.Key.Key.Owner, Is.EqualTo("anna-puig"));
            Assert.That(again.Key.Key.Owner, Is.EqualTo("anna-puig-2"));
            Assert.That(joined.Key.Key.Node, Is.EqualTo("node-gracia"));
            Assert.That(joined.Key.Key.Role, Is.EqualTo(ApiRole.Maker));
        });
        var found = await Get<ApiKeyBook>().FindAsync(joined.Key.Secret);
        Assert.That((found?.Owner, found?.Node), Is.EqualTo(("anna-puig", "node-gracia")));
        var refused = Assert.ThrowsAsync<InvitationRefusedException>(() => Book.JoinAsync(issued[0].Code, "Someone Else"));
        Assert.That(refused!.State, Is.EqualTo(InvitationState.Used));

        Assert.That(await Book.RevokeBatchAsync("gracia", Staff), Is.EqualTo(18));
        Assert.That(Assert.ThrowsAsync<InvitationRefusedException>(() => Book.JoinAsync(issued[2].Code, "Late"))!.State, Is.EqualTo(InvitationState.Revoked));
        var used = await Book.ListAsync(new InvitationQuery { Batch = "gracia", State = InvitationState.Used });
        var revoked = await Book.ListAsync(new InvitationQuery { State = InvitationState.Revoked });
        Assert.That((used.Total, revoked.Total), Is.EqualTo((2L, 18L)));
        Assert.That(used.Items.Select(i => i.UsedBy), Is.EquivalentTo(new[] { "anna-puig", "anna-puig-2" }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Expired_ByTheClock_IsRefusedAndListedExpired()
    {
        var code = (await Book.CreateAsync(new NewInvitations { Node = "node-gracia", Lifetime = TimeSpan.FromHours(2) }, Staff)).Single().Code;
        Assert.That((await Book.CheckAsync(code)).Node, Is.EqualTo("node-gracia"));
        Time.Advance(TimeSpan.FromHours(2));
        Assert.That(Assert.ThrowsAsync<InvitationRefusedException>(() => Book.JoinAsync(code, "Late"))!.State, Is.EqualTo(InvitationState.Expired));
        Assert.That((await Book.ListAsync(new InvitationQuery { State = InvitationState.Expired })).Total, Is.EqualTo(1));
        Assert.That((await Book.ListAsync(new InvitationQuery { State = InvitationState.Open })).Total, Is.EqualTo(0));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ConcurrentJoins_WithOneCode_OneWins()
    {
        var code = (await Book.CreateAsync(new NewInvitations { Node = "node-gracia" }, Staff)).Single().Code;
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Book.JoinAsync(code, $"Racer {i}");
                return true;
            }
            catch (InvitationRefusedException)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);
        Assert.That(results.Count(r => r), Is.EqualTo(1));
    }

    [TestCase("  ", 1)]
    [TestCase("node-gracia", 0)]
    [TestCase("node-gracia", 1001)]
    public void Create_Refuses_BadRequests(string node, int count) =>
        Assert.ThrowsAsync<FarmValidationException>(() => Book.CreateAsync(new NewInvitations { Node = node, Count = count }, Staff));

    [TestCase("K7QM-4TXP", "K7QM4TXP")]
    [TestCase(" k7qm 4txp ", "K7QM4TXP")]
    [TestCase("K7QM-4TX0", null)]
    [TestCase("K7QM-4TX", null)]
    public void Normalise_ReadsTypedCodes(string typed, string? expected) => Assert.That(InvitationCode.Normalise(typed), Is.EqualTo(expected));

    [TestCase("Núria Vidal i Solé", "nuria-vidal-i-sole")]
    [TestCase("  ***  ", "maker")]
    [TestCase("Çağrı", "cagri")]
    public void OwnerIds_FromDisplayNames(string name, string expected) => Assert.That(MakerOwnerIds.From(name), Is.EqualTo(expected));
}
