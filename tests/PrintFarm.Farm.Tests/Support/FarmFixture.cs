using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Profiles;

namespace PrintFarm.Farm.Tests.Support;

/// <summary>
/// Runs a test class against a real store: a SQLite file in a temporary folder, or a fresh schema on the
/// PostgreSQL server of <c>PRINTFARM_TEST_POSTGRES</c> (skipped with the reason when there is none).
/// </summary>
public abstract partial class FarmFixture
{
    private static readonly Lazy<ProfileCatalog> Profiles = new(ProfileCatalog.LoadDefault);
    private readonly List<string> _extraSchemas = [];
    private ServiceProvider? _services;
    private string? _schema;

    protected FarmFixture(StoreKind kind)
    {
        Kind = kind;
    }

    protected StoreKind Kind { get; }

    protected FakeTimeProvider Time { get; private set; } = null!;

    protected FarmOptions Options { get; private set; } = null!;

    protected IFarmStore Store { get; private set; } = null!;

    protected string DataDirectory { get; private set; } = null!;

    /// <summary>SQLite file path or PostgreSQL connection string of this test's database.</summary>
    protected string Database { get; private set; } = null!;

    protected DesignCatalog Designs => Get<DesignCatalog>();

    protected PrinterRegistry Printers => Get<PrinterRegistry>();

    protected DemandBook Demands => Get<DemandBook>();

    protected PartFlow Parts => Get<PartFlow>();

    protected JobLifecycle Jobs => Get<JobLifecycle>();

    protected DirectJobs Direct => Get<DirectJobs>();

    protected Planner Planner => Get<Planner>();

    protected Dispatcher Dispatcher => Get<Dispatcher>();

    protected SchedulingRound Round => Get<SchedulingRound>();

    protected LedgerCheck Check => Get<LedgerCheck>();

    protected StartupRecovery Recovery => Get<StartupRecovery>();

    [SetUp]
    public async Task SetUpStoreAsync()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "printfarm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        if (Kind == StoreKind.Postgres)
        {
            PostgresServer.RequireReachable();
            _schema = "t_" + Guid.NewGuid().ToString("N");
            Database = PostgresServer.CreateSchema(_schema);
        }
        else
        {
            Database = Path.Combine(DataDirectory, SqliteFarmStore.FileName);
        }
        Time = new FakeTimeProvider(new DateTimeOffset(2020, 3, 20, 9, 0, 0, TimeSpan.Zero));
        Store = OpenStore();
        await Store.MigrateAsync();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton(Profiles.Value)
            .AddSingleton(Store);
        services.AddFarm(o => o.DataDirectory = DataDirectory);
        _services = services.BuildServiceProvider();
        Options = _services.GetRequiredService<FarmOptions>();
    }

    [TearDown]
    public async Task TearDownStoreAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        if (Store is not null)
            await Store.DisposeAsync();
        if (_schema is not null)
            PostgresServer.DropSchema(_schema);
        foreach (var schema in _extraSchemas)
            PostgresServer.DropSchema(schema);
        _extraSchemas.Clear();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Another, independent store on the same database: its own connections and pool.</summary>
    protected IFarmStore OpenStore() =>
        Kind == StoreKind.Postgres ? new PostgresFarmStore(Database) : new SqliteFarmStore(Database);

    /// <summary>A store on a new, empty database of this test's kind, and that database's file path or connection string.</summary>
    protected (SqlFarmStore Store, string Database) OpenEmptyStore()
    {
        if (Kind == StoreKind.Postgres)
        {
            var schema = "t_" + Guid.NewGuid().ToString("N");
            _extraSchemas.Add(schema);
            var database = PostgresServer.CreateSchema(schema);
            return (new PostgresFarmStore(database), database);
        }
        var path = Path.Combine(DataDirectory, "empty-" + Guid.NewGuid().ToString("N"), SqliteFarmStore.FileName);
        return (new SqliteFarmStore(path), path);
    }

    /// <summary>Runs raw SQL on the database, outside the store, to simulate damage.</summary>
    protected Task ExecuteRawAsync(string sql) => ExecuteRawAsync(Database, sql);

    /// <summary>Runs raw SQL on <paramref name="database"/> (a file path or a connection string), outside any store.</summary>
    protected async Task ExecuteRawAsync(string database, string sql)
    {
        if (Kind == StoreKind.Postgres)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new SqliteConnection($"Data Source={database}");
            await connection.OpenAsync();
            await using var command = new SqliteCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    protected T Get<T>() where T : notnull => _services!.GetRequiredService<T>();
}
