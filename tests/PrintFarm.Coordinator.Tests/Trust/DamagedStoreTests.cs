using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Coordinator.Tests.Survival;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Tests.Trust;

/// <summary>
/// Issue 12, finding 5: an emptied <c>printfarm.db</c> became a new farm and <c>admin.key</c> was overwritten. Now
/// <c>serve</c> stops with a one-line reason and a non-zero exit, and leaves <c>admin.key</c> as it was.
/// </summary>
public sealed class DamagedStoreTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [TestCase("zero-byte")]
    [TestCase("foreign")]
    public Task Serve_DamagedDatabaseInAFarmsDataDirectory_ExitsNonZeroAndKeepsAdminKey(string damage) => HardLimit.RunAsync(Limit, async () =>
    {
        var data = Directory.CreateTempSubdirectory("printfarm-damaged-").FullName;
        var farm = await TestFarm.StartAsync(dataDirectory: data);
        await farm.StopAsync();
        var keyPath = Path.Combine(data, "admin.key");
        var key = await File.ReadAllTextAsync(keyPath);
        var db = Path.Combine(data, SqliteFarmStore.FileName);
        foreach (var side in new[] { db + "-wal", db + "-shm" })
            File.Delete(side);
        if (damage == "zero-byte")
        {
            await File.WriteAllBytesAsync(db, []);
        }
        else
        {
            File.Delete(db);
            await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
            await other.OpenAsync();
            await using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)";
            await command.ExecuteNonQueryAsync();
        }
        var before = new FileInfo(db).Length;

        var log = new ChildLog();
        var (exitCode, output) = await ChildProcess.RunAsync(log, "serve", TimeSpan.FromSeconds(60),
            "serve", "--data", data, "--urls", $"http://127.0.0.1:{TestFarm.FreePort()}");

        var errors = output.Split('\n').Where(l => l.Contains("error:", StringComparison.Ordinal)).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.Not.Zero, output);
            Assert.That(errors, Has.Count.EqualTo(1), output);
            Assert.That(errors.FirstOrDefault(), Does.Contain("refusing to start"));
            Assert.That(await File.ReadAllTextAsync(keyPath), Is.EqualTo(key), "admin.key unchanged");
            Assert.That(Directory.GetFiles(data, "admin-*.key"), Is.Empty);
            Assert.That(new FileInfo(db).Length, Is.EqualTo(before), "no schema written into it");
        });
        Directory.Delete(data, recursive: true);
    });

    [Test]
    public Task Start_EmptyPostgresSchemaForAFarmsDataDirectory_RefusedAndKeepsAdminKey() => HardLimit.RunAsync(Limit, async () =>
    {
        var data = Directory.CreateTempSubdirectory("printfarm-damaged-pg-").FullName;
        var farm = await TestFarm.StartAsync(dataDirectory: data, overrides: TrustStore.Overrides(TrustStore.Postgres));
        await farm.StopAsync();
        var keyPath = Path.Combine(data, "admin.key");
        var key = await File.ReadAllTextAsync(keyPath);

        // Another, empty schema: as if the farm's database were lost or pointed elsewhere.
        var ex = Assert.ThrowsAsync<PrintFarm.Coordinator.Hosting.DamagedStoreException>(async () =>
            await TestFarm.StartAsync(dataDirectory: data, overrides: TrustStore.Overrides(TrustStore.Postgres)));

        Assert.That(ex!.Message, Does.Contain("refusing to start").And.Not.Contain("\n"));
        Assert.That(await File.ReadAllTextAsync(keyPath), Is.EqualTo(key));
        Directory.Delete(data, recursive: true);
    });
}
