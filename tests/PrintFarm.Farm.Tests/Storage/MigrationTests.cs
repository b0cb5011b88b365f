using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;
using PrintFarm.Farm.Tests.Support;

namespace PrintFarm.Farm.Tests.Storage;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class MigrationTests(StoreKind kind) : FarmFixture(kind)
{
    [Test]
    public async Task MigrateAsync_Again_AppliesNothing()
    {
        Assert.That(await Store.MigrateAsync(), Is.Zero);
        Assert.That(await Store.GetSchemaVersionAsync(), Is.EqualTo(Migrations.Latest));
    }

    [Test]
    public async Task AuditAndJobs_UniqueActivePrinter_EnforcedByDatabase()
    {
        await AddDesignAsync();
        await ExecuteRawAsync(
            "INSERT INTO jobs (design_id, variant_id, requester, node, parts, priority, state, printer_id, attempts, failed_printers, created_at, updated_at) "
            + "VALUES ('shield', 'shield/v1', '', 'n', 1, 0, 'printing', 'p1', 1, '', 0, 0)");
        Assert.That(async () => await ExecuteRawAsync(
            "INSERT INTO jobs (design_id, variant_id, requester, node, parts, priority, state, printer_id, attempts, failed_printers, created_at, updated_at) "
            + "VALUES ('shield', 'shield/v1', '', 'n', 1, 0, 'assigned', 'p1', 0, '', 0, 0)"), Throws.Exception);
    }

    [Test]
    public async Task Transaction_DisposedWithoutCommit_WritesNothing()
    {
        await AddDesignAsync();
        var before = await SnapshotAsync();
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.AppendAuditAsync([new AuditEntry { At = Time.GetUtcNow(), Actor = "t", Action = "x", Subject = "y" }]);
            await transaction.AddToLedgerAsync([new(new("shield", "r", "n"), new() { Requested = 5 })]);
        }
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AddFarm_Services_ResolveFromContainer()
    {
        await using var services = new ServiceCollection().AddFarm(o => o.DataDirectory = DataDirectory).BuildServiceProvider();
        Assert.That(services.GetRequiredService<SchedulingRound>(), Is.Not.Null);
        Assert.That(services.GetRequiredService<IFarmStore>(), Is.InstanceOf<SqliteFarmStore>());
    }

    [Test]
    public async Task MigrateAsync_FromVersion1_NamesExistingPrintersByTheirId()
    {
        var (store, database) = OpenEmptyStore();
        await using (store)
        {
            Assert.That(await store.MigrateAsync(1, CancellationToken.None), Is.EqualTo(1));
            await ExecuteRawAsync(database,
                "INSERT INTO printers (id, owner_kind, owner, site, node, link_kind, link_address, bed_x_mm, bed_y_mm, nozzle_mm, material, profile, "
                + "state, jobs_done, jobs_failed, parts, registered_at) "
                + "VALUES ('old-1', 'lab', 'Ateneu', 'lab', 'node-a', 'local', '/dev/ttyUSB0', 220, 220, 0.4, 'PLA', 'marlin', 'offline', 0, 0, 0, 0)");

            Assert.That(await store.MigrateAsync(), Is.EqualTo(Migrations.Latest - 1));

            await using var transaction = await store.BeginAsync();
            Assert.That((await transaction.GetPrinterAsync("old-1"))!.Name, Is.EqualTo("old-1"));
        }
    }
}
