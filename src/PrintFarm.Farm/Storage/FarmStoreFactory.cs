namespace PrintFarm.Farm.Storage;

/// <summary>Picks the store: PostgreSQL when a connection string is given, else SQLite in the data directory.</summary>
public static class FarmStoreFactory
{
    public static IFarmStore Create(string? dataDirectory, string? postgresConnectionString)
    {
        if (!string.IsNullOrWhiteSpace(postgresConnectionString))
            return new PostgresFarmStore(postgresConnectionString);
        return SqliteFarmStore.InDirectory(string.IsNullOrWhiteSpace(dataDirectory) ? FarmOptions.DefaultDataDirectory() : dataDirectory);
    }

    public static IFarmStore Create(FarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(options.DataDirectory, options.PostgresConnectionString);
    }
}
