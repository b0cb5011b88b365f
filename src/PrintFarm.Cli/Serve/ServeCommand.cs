using System.CommandLine;
using Microsoft.Extensions.Hosting;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Hosting;
using PrintFarm.Wire;
namespace PrintFarm.Cli.Serve;

/// <summary><c>printfarm serve</c>: the coordinator. HTTP API, dashboard, scheduler and the local printers' links.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "JSON config file (printers, designs, demands, settings); PRINTFARM__... environment variables override it" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Data directory (default: dataDirectory from the config, $PRINTFARM_DATA, or ~/.local/share/printfarm)" };
        var urls = new Option<string?>("--urls") { Description = "Where the HTTP API listens (default http://127.0.0.1:5180)" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string instead of SQLite in the data directory" };
        var mqtt = new Option<string?>("--mqtt") { Description = "Use this MQTT broker instead of the embedded one: mqtt://USER:PASS@HOST:PORT or mqtts://... (sets mqtt.external)" };
        var command = new Command("serve", "Run the coordinator: HTTP API, dashboard, scheduler and local printers") { config, data, urls, postgres, mqtt };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(data) is { } d)
                overrides[nameof(ServeOptions.DataDirectory)] = d.FullName;
            if (parse.GetValue(urls) is { } u)
                overrides[nameof(ServeOptions.Urls)] = u;
            if (parse.GetValue(postgres) is { } p)
                overrides[nameof(ServeOptions.Postgres)] = p;
            if (parse.GetValue(mqtt) is { } m)
                overrides[$"{nameof(ServeOptions.Mqtt)}:{nameof(MqttConfig.External)}"] = m;
            ServeOptions options;
            try
            {
                options = ServeConfigLoader.Load(parse.GetValue(config)?.FullName, overrides);
            }
            catch (ServeConfigException ex)
            {
                foreach (var problem in ex.Problems)
                    await Console.Error.WriteLineAsync($"config: {problem}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            var app = ServeHost.Build(options);
            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.RunAsync(ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or PrintFarm.Farm.FarmValidationException or System.Data.Common.DbException or UnauthorizedAccessException)
                {
                    // The address is taken, the store cannot be opened, or the config's designs or demands were refused.
                    await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
