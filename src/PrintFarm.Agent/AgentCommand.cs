using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Profiles;
using PrintFarm.Wire;

namespace PrintFarm.Agent;

/// <summary>
/// <c>printfarm agent</c>, or <c>printfarm-agent</c> on its own: an edge node next to remote printers, driven by the
/// coordinator over MQTT.
/// </summary>
public static class AgentCommand
{
    public static Command Create() => Configure(new Command("agent", "Run an agent: drive the printers next to it for a coordinator, over MQTT"));

    /// <summary>Gives <paramref name="command"/> the agent's options and action: the <c>agent</c> verb, or the agent build's root.</summary>
    public static Command Configure(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var config = new Option<FileInfo?>("--config") { Description = "JSON config file (agent id, broker, coordinator, printers); PRINTFARM_AGENT__... environment variables override it" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Data directory (default: dataDirectory from the config, $PRINTFARM_AGENT_DATA, or ~/.local/share/printfarm-agent)" };
        command.Options.Add(config);
        command.Options.Add(data);
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(data) is { } d)
                overrides[nameof(AgentOptions.DataDirectory)] = d.FullName;
            ProfileCatalog profiles;
            AgentOptions options;
            try
            {
                profiles = ProfileCatalog.LoadDefault();
                options = AgentConfigLoader.Load(parse.GetValue(config)?.FullName, overrides, profiles.Profiles.Select(p => p.Name));
            }
            catch (AgentConfigException ex)
            {
                foreach (var problem in ex.Problems)
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"config: {problem}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (ProfileException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
            builder.Services.AddSystemd();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(45));
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(profiles);
            builder.Services.AddHostedService<AgentService>();
            using var host = builder.Build();
            try
            {
                await host.RunAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed class AgentService(AgentOptions options, ProfileCatalog profiles, ILoggerFactory loggers) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var runner = new AgentRunner(options, loggers, null, null, null, profiles);
            await using (runner.ConfigureAwait(false))
                await runner.RunAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
