using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Farm.Demand;
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
    public async Task MigrateAsync_FromVersion1_UpgradesExistingRows()
    {
        var (store, database) = OpenEmptyStore();
        await using (store)
        {
            Assert.That(await store.MigrateAsync(1, CancellationToken.None), Is.EqualTo(1));
            foreach (var sql in Version1Rows)
                await ExecuteRawAsync(database, sql);

            Assert.That(await store.MigrateAsync(), Is.EqualTo(Migrations.All.Count - 1));

            await using (var transaction = await store.BeginAsync())
            {
                Assert.That((await transaction.GetPrinterAsync("old-1"))!.Name, Is.EqualTo("old-1"), "an existing printer is named by its id");
                Assert.That((await transaction.ListJobsAsync([])).Select(j => j.Requester), Is.EqualTo(new[] { "stock", "stock", "stock" }));
                var movement = (await transaction.ListMovementsAsync()).Single();
                Assert.That((movement.Key.Requester, movement.Kind), Is.EqualTo(("stock", MovementKind.Collect)));
                var ledger = await transaction.ListLedgerAsync();
                Assert.That(ledger.Single().Key, Is.EqualTo(new LedgerKey("shield", "stock", "node-a")), "the old stock line merged into stock");
                Assert.That(ledger.Single().Counts, Is.EqualTo(new LedgerCounts { Planned = 4, Printed = 1, Collected = 1 }));
            }
            Assert.That(await new LedgerCheck(store).RunAsync(), Is.Empty);
        }
    }

    /// <summary>A small farm as version 1 stored it: stock on the line with an empty requester.</summary>
    private static readonly string[] Version1Rows =
    [
        "INSERT INTO printers (id, owner_kind, owner, site, node, link_kind, link_address, bed_x_mm, bed_y_mm, nozzle_mm, material, profile, "
            + "state, jobs_done, jobs_failed, parts, registered_at) "
            + "VALUES ('old-1', 'lab', 'Ateneu', 'lab', 'node-a', 'local', '/dev/ttyUSB0', 220, 220, 0.4, 'PLA', 'marlin', 'offline', 0, 0, 0, 0)",
        "INSERT INTO designs (id, name, licence, source_url, category, approval, created_at) "
            + "VALUES ('shield', 'Shield', 'MIT', 'https://example.org', 'face-shield', 'approved', 0)",
        "INSERT INTO variants (id, design_id, sha256, profile, material, nozzle_mm, min_bed_x_mm, min_bed_y_mm, parts_per_plate, estimated_ms, created_at) "
            + "VALUES ('shield/v1', 'shield', 'abc', 'marlin', 'PLA', 0.4, 200, 200, 2, 0, 0)",
        "INSERT INTO jobs (design_id, variant_id, requester, node, parts, priority, state, attempts, failed_printers, created_at, updated_at) "
            + "VALUES ('shield', 'shield/v1', '', 'node-a', 2, 0, 'queued', 0, '', 0, 0)",
        "INSERT INTO jobs (design_id, variant_id, requester, node, parts, priority, state, attempts, failed_printers, created_at, updated_at) "
            + "VALUES ('shield', 'shield/v1', '', 'node-a', 2, 0, 'queued', 0, '', 0, 0)",
        "INSERT INTO movements (design_id, requester, node, from_stage, to_stage, count, actor, at) "
            + "VALUES ('shield', '', 'node-a', 'printed', 'collected', 1, 'staff', 0)",
        "INSERT INTO ledger (design_id, requester, node, requested, planned, printing, printed, collected, passed, rejected, delivered) "
            + "VALUES ('shield', '', 'node-a', 0, 4, 0, -1, 1, 0, 0, 0)",
        // A line already called stock (a requester of that name was allowed then) is merged, not duplicated.
        "INSERT INTO jobs (design_id, variant_id, requester, node, parts, priority, state, attempts, failed_printers, good_parts, created_at, updated_at) "
            + "VALUES ('shield', 'shield/v1', 'stock', 'node-a', 2, 0, 'completed', 1, '', 2, 0, 0)",
        "INSERT INTO ledger (design_id, requester, node, requested, planned, printing, printed, collected, passed, rejected, delivered) "
            + "VALUES ('shield', 'stock', 'node-a', 0, 0, 0, 2, 0, 0, 0, 0)",
    ];
}
