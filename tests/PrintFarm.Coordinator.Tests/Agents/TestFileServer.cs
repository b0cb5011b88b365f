using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
namespace PrintFarm.Coordinator.Tests.Agents;

/// <summary>A stand-in for the coordinator's file download: G-code files by name, only with the right X-Api-Key.</summary>
internal sealed class TestFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _downloads;

    private TestFileServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public int Downloads => Volatile.Read(ref _downloads);

    public int Refused { get; private set; }

    public static async Task<TestFileServer> StartAsync(string key, string folder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestFileServer(app);
        app.MapGet("/api/agent-files/{name}", (string name, HttpRequest request) =>
        {
            if (request.Headers["X-Api-Key"] != key)
            {
                server.Refused++;
                return Results.Unauthorized();
            }
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
                return Results.NotFound();
            Interlocked.Increment(ref server._downloads);
            return Results.File(path, "text/x-gcode");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
