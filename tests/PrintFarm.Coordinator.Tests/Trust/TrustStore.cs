using Npgsql;

namespace PrintFarm.Coordinator.Tests.Trust;

/// <summary>
/// The store a trust test's farm runs on: SQLite in its data directory, or a fresh schema on the PostgreSQL server of
/// <c>PRINTFARM_TEST_POSTGRES</c> (the test is ignored, with the reason, when there is none).
/// </summary>
public static class TrustStore
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Configuration overrides for <see cref="Support.TestFarm.StartAsync"/>.</summary>
    public static Dictionary<string, string?> Overrides(string kind, IDictionary<string, string?>? more = null)
    {
        var all = new Dictionary<string, string?> { ["AuthFailuresPerMinute"] = "1000" };
        if (kind == Postgres)
            all["Postgres"] = CreateSchema();
        foreach (var (k, v) in more ?? new Dictionary<string, string?>())
            all[k] = v;
        return all;
    }

    private static string CreateSchema()
    {
        var server = Environment.GetEnvironmentVariable("PRINTFARM_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
            Assert.Ignore("PostgreSQL not reachable: PRINTFARM_TEST_POSTGRES is not set");
        var schema = "t_" + Guid.NewGuid().ToString("N");
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Timeout = 5 }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, MaxPoolSize = 20 }.ConnectionString;
    }
}
