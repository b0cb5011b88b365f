using PrintFarm.Coordinator.Auth;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>
/// Refuses to start a new farm over the remains of an old one. A store with no schema is new; that is an error when
/// the data directory already holds a farm (its <c>admin.key</c> or stored G-code), as when <c>printfarm.db</c> was
/// emptied or replaced, and when the database holds tables that are not PrintFarm's. The reason is one line.
/// </summary>
internal static class StoreGuard
{
    public static async Task CheckAsync(IFarmStore store, string dataDirectory, CancellationToken cancellationToken)
    {
        string what;
        if (store is SqliteFarmStore sqlite)
        {
            // Looked at read-only, before anything opens it for writing: a refused file is left exactly as it was.
            if (File.Exists(sqlite.Path) && new FileInfo(sqlite.Path).Length > 0)
            {
                var (tables, farm) = await TablesAsync(sqlite.Path, cancellationToken).ConfigureAwait(false);
                if (farm)
                    return;
                if (tables > 0)
                    throw new DamagedStoreException($"the database {sqlite.Path} holds tables that are not a PrintFarm store: refusing to start; point the data directory elsewhere");
            }
            what = $"the database {sqlite.Path} is empty";
        }
        else
        {
            if (await store.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false) > 0)
                return;
            what = "the database has no PrintFarm schema";
        }
        var gcode = Path.Combine(dataDirectory, "gcode");
        if (File.Exists(Path.Combine(dataDirectory, AdminKey.FileName)) || (Directory.Exists(gcode) && Directory.EnumerateFileSystemEntries(gcode).Any()))
        {
            throw new DamagedStoreException($"{what}, but the data directory {dataDirectory} holds a farm (admin.key or stored G-code): "
                                            + "refusing to start a new farm over it; restore the database from a backup");
        }
    }

    private static async Task<(long Tables, bool Farm)> TablesAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), count(CASE WHEN name = 'schema_migrations' THEN 1 END) FROM sqlite_master WHERE type = 'table'";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1) > 0);
    }
}
