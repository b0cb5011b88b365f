using PrintFarm.Farm.Access;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Trust;

/// <summary>Version 8 on a version 7 store: files of approved designs stay printable, and agent ids keep their owners.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class TrustMigrationTests(StoreKind kind) : FarmFixture(kind)
{
    [Test]
    public async Task MigrateAsync_FromVersion7_ApprovesFilesOfApprovedDesignsAndRecordsAgentOwners()
    {
        var (store, database) = OpenEmptyStore();
        await using (store)
        {
            await store.MigrateAsync(7, CancellationToken.None);
            foreach (var sql in Version7Rows)
                await ExecuteRawAsync(database, sql);

            await store.MigrateAsync();

            var approved = await store.Reader.GetVariantAsync("shield/v1");
            var pending = await store.Reader.GetVariantAsync("visor/v1");
            Assert.Multiple(async () =>
            {
                Assert.That(approved!.IsApproved, Is.True);
                Assert.That(approved.ApprovedBy, Is.EqualTo("migration"));
                Assert.That(pending!.IsApproved, Is.False);
                Assert.That((await store.Reader.GetDesignAsync("shield"))!.Owner, Is.Null);
                Assert.That(await new AgentOwners(store, TimeProvider.System).OwnerOfAsync("pi-anna"), Is.EqualTo("anna"));
            });
        }
    }

    private static readonly string[] Version7Rows =
    [
        "INSERT INTO printers (id, owner_kind, owner, site, node, link_kind, link_address, bed_x_mm, bed_y_mm, nozzle_mm, material, profile, "
            + "state, jobs_done, jobs_failed, parts, registered_at, name) "
            + "VALUES ('anna-1', 'maker', 'anna', 'home', 'node-a', 'agent', 'pi-anna', 220, 220, 0.4, 'PLA', 'marlin', 'offline', 0, 0, 0, 0, 'anna-1')",
        "INSERT INTO designs (id, name, licence, source_url, category, approval, created_at) "
            + "VALUES ('shield', 'Shield', 'MIT', 'https://example.org', 'face-shield', 'approved', 0)",
        "INSERT INTO designs (id, name, licence, source_url, category, approval, created_at) "
            + "VALUES ('visor', 'Visor', 'MIT', 'https://example.org', 'face-shield', 'pending', 0)",
        "INSERT INTO variants (id, design_id, sha256, profile, material, nozzle_mm, min_bed_x_mm, min_bed_y_mm, parts_per_plate, estimated_ms, created_at) "
            + "VALUES ('shield/v1', 'shield', 'abc', 'marlin', 'PLA', 0.4, 200, 200, 2, 0, 5)",
        "INSERT INTO variants (id, design_id, sha256, profile, material, nozzle_mm, min_bed_x_mm, min_bed_y_mm, parts_per_plate, estimated_ms, created_at) "
            + "VALUES ('visor/v1', 'visor', 'def', 'marlin', 'PLA', 0.4, 200, 200, 2, 0, 5)",
    ];
}
