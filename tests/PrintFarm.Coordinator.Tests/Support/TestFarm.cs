using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Hosting;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>
/// A real coordinator on a free loopback port, with its own data directory, driven over real HTTP.
/// Configure it through <see cref="ServeConfigLoader"/> overrides, exactly as the config file would.
/// </summary>
public sealed class TestFarm : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = WireNames.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly WebApplication _app;
    private bool _stopped;

    private TestFarm(WebApplication app, string dataDirectory, Uri address, string adminKey)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
        AdminKey = adminKey;
    }

    public string DataDirectory { get; }

    public Uri Address { get; }

    public string AdminKey { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a farm. <paramref name="config"/> is a JSON config file's text (relative paths against the samples folder);
    /// <paramref name="services"/> may replace a service after the coordinator's own (a feature's clock).
    /// </summary>
    public static async Task<TestFarm> StartAsync(string config = "{}", IDictionary<string, string?>? overrides = null, string? dataDirectory = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var data = dataDirectory ?? Directory.CreateTempSubdirectory("printfarm-test-").FullName;
        var configDir = Path.Combine(AppContext.BaseDirectory, "samples", "barcelona");
        Directory.CreateDirectory(configDir);
        var configPath = Path.Combine(configDir, $"test-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configPath, config);
        var all = new Dictionary<string, string?>
        {
            [nameof(ServeOptions.Urls)] = "http://127.0.0.1:0",
            [nameof(ServeOptions.DataDirectory)] = data,
            // Farms run side by side in the tests: each gets its own broker port.
            ["Mqtt:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
            all[k] = v;
        var options = ServeConfigLoader.Load(configPath, all);
        File.Delete(configPath);
        var app = ServeHost.Build(options, logging => logging.SetMinimumLevel(LogLevel.Warning), services);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        var key = (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim();
        return new TestFarm(app, data, address, key);
    }

    /// <summary>A loopback TCP port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient Admin() => Client(AdminKey);

    /// <summary>Creates a key through the API and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string role, string name, string? owner = null, string? printerId = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/keys", new { name, role, owner, printerId });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("secret").GetString()!;
    }

    /// <summary>
    /// Stops the coordinator (its API and its embedded broker) and keeps its data directory, so a new farm can start on
    /// it, as a restarted <c>printfarm serve</c> would. <see cref="DisposeAsync"/> then only deletes the directory.
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the system.
        }
    }
}
