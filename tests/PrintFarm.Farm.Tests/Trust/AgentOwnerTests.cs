using PrintFarm.Farm.Access;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Trust;

/// <summary>Issue 12, finding 2: an agent id is its first owner's for good; revoking its key does not free it, a transfer does.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class AgentOwnerTests(StoreKind kind) : FarmFixture(kind)
{
    private AgentOwners Owners => new(Store, Time);

    private static Printer Behind(string id, string agentId, string owner) => NewPrinter(id, link: LinkKind.Agent) with
    {
        Owner = owner, OwnerKind = OwnerKind.Maker, LinkAddress = agentId,
    };

    [Test]
    public async Task RegisterAsync_AgentIdOfAnotherOwnerAfterKeyRevoked_RefusedAndNothingWritten()
    {
        await Printers.RegisterAsync(Behind("anna-1", "pi-anna", "anna"), "maker:anna");
        var keys = new ApiKeyBook(Store, Time);
        var key = await keys.CreateAsync("agent pi-anna", ApiRole.Agent, "pi-anna", null, "maker:anna");
        await keys.RevokeAsync(key.Key.Id, "admin:root");
        var before = await SnapshotAsync();

        var ex = Assert.ThrowsAsync<FarmConflictException>(() => Printers.RegisterAsync(Behind("mallory-1", "pi-anna", "mallory"), "maker:mallory"));

        Assert.That(ex!.Message, Does.Contain("belongs to another owner").And.Not.Contain("anna\""));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await Owners.OwnerOfAsync("pi-anna"), Is.EqualTo("anna"));
    }

    [Test]
    public async Task RegisterAsync_SameOwnerAgain_Accepted()
    {
        await Printers.RegisterAsync(Behind("anna-1", "pi-anna", "anna"), "maker:anna");
        var second = await Printers.RegisterAsync(Behind("anna-2", "pi-anna", "anna"), "maker:anna");
        Assert.That(second.LinkAddress, Is.EqualTo("pi-anna"));
    }

    [Test]
    public async Task TransferAsync_ByAdmin_NewOwnerMayRegisterAndOldMayNot()
    {
        await Printers.RegisterAsync(Behind("anna-1", "pi-lab", "anna"), "maker:anna");

        await Owners.TransferAsync("pi-lab", "bernat", "admin:root");

        Assert.That((await Printers.RegisterAsync(Behind("bernat-1", "pi-lab", "bernat"), "maker:bernat")).Id, Is.EqualTo("bernat-1"));
        Assert.ThrowsAsync<FarmConflictException>(() => Printers.RegisterAsync(Behind("anna-2", "pi-lab", "anna"), "maker:anna"));
        var audit = await Store.Reader.ListAuditAsync("agent:pi-lab", 10);
        Assert.That(audit.Single().Details, Is.EqualTo("anna -> bernat"));
    }

    [Test]
    public void TransferAsync_UnknownAgent_Refused() =>
        Assert.ThrowsAsync<FarmNotFoundException>(() => Owners.TransferAsync("nobody", "bernat", "admin:root"));
}
