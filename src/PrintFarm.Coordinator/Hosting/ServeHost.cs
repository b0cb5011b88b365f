using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>The coordinator's own host: Kestrel on the configured URLs, systemd, the console log, then <see cref="CoordinatorSetup"/>.</summary>
public static class ServeHost
{
    public static WebApplication Build(ServeOptions options, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Host.UseSystemd();
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // JSON bodies are small; the two upload routes raise this limit for themselves only.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxJsonBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        logging?.Invoke(builder.Logging);
        builder.Host.ConfigureHostOptions(h => h.ShutdownTimeout = TimeSpan.FromSeconds(20));

        builder.Services.AddCoordinator(options);
        // A host of another shape (a test) may replace a service after the coordinator's own, such as a feature's clock.
        services?.Invoke(builder.Services);
        return builder.Build().MapCoordinator(options);
    }
}
