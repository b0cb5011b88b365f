using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Agents.Gcode;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Health;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Transports;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Printers;

/// <summary>Runs one <see cref="PrinterDriver"/> loop per printer in the config; one failing never stops the others.</summary>
internal sealed class LocalPrinterFleet : BackgroundService
{
    private readonly Dictionary<string, PrinterDriver> _drivers = new(StringComparer.Ordinal);

    public LocalPrinterFleet(ServeOptions options, LiveStatusBoard live, ILoggerFactory logs, IServiceProvider services)
    {
        // Printers on a serial-to-MQTT bridge get a G-code-over-MQTT transport through the coordinator's broker login.
        var mqttOptions = services.GetService(typeof(CoordinatorMqttOptions)) as CoordinatorMqttOptions;
        var topics = new Topics(options.Mqtt.Prefix);
        Func<string, ILineTransport>? mqtt = mqttOptions is null ? null : id => new MqttLineTransport(mqttOptions, topics, id);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(logs);
        foreach (var config in options.Printers)
        {
            _drivers[config.Id] = new PrinterDriver(config, services.GetRequiredService<IFarmStore>(), services.GetRequiredService<IFarmReader>(),
                services.GetRequiredService<Wakeups>(), services.GetRequiredService<PrinterRegistry>(), services.GetRequiredService<JobLifecycle>(),
                services.GetRequiredService<GcodeFileStore>(), services.GetRequiredService<StoreWrites>(),
                services.GetRequiredService<ProfileCatalog>(), live.For(config.Id), services.GetRequiredService<TimeProvider>(),
                logs.CreateLogger($"PrintFarm.Printer.{config.Id}"), TimeSpan.FromSeconds(options.ReconnectMaxSeconds), mqtt);
        }
    }

    public PrinterDriver? Find(string printerId) => _drivers.GetValueOrDefault(printerId);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_drivers.Values.Select(d => Task.Run(() => d.RunAsync(stoppingToken), CancellationToken.None)));
}
