using Npgsql;

namespace PrintFarm.Farm.Tests.Support;

/// <summary>The PostgreSQL server named by <c>PRINTFARM_TEST_POSTGRES</c>; each test gets its own schema.</summary>
internal static class PostgresServer
{
    public const string Variable = "PRINTFARM_TEST_POSTGRES";

    private static readonly Lazy<string?> Unreachable = new(Probe);

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) ?? "";

    /// <summary>Ignores the current test, with the reason, when no server is reachable.</summary>
    public static void RequireReachable()
    {
        if (Unreachable.Value is { } reason)
            Assert.Ignore($"PostgreSQL not reachable: {reason}");
    }

    /// <summary>Creates a fresh schema and returns a connection string that uses it.</summary>
    public static string CreateSchema(string schema)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, MaxPoolSize = 20 }.ConnectionString;
    }

    public static void DropSchema(string schema)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        command.ExecuteNonQuery();
    }

    private static string? Probe()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            return $"{Variable} is not set";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 5 };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            return ex.Message;
        }
    }
}
