using System.CommandLine;
using PrintFarm.Daemon.Agent;
using PrintFarm.Daemon.Commands.Demo;
using PrintFarm.Daemon.Commands.Farm;
using PrintFarm.Daemon.Commands.Keys;
using PrintFarm.Daemon.Commands.Send;
using PrintFarm.Daemon.Serve;

namespace PrintFarm.Daemon.Commands;

/// <summary>Every <c>printfarm</c> verb, registered in one place.</summary>
internal static class CliCommands
{
    public static void AddAll(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SendCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(VirtualPrinterCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(AgentCommand.Create());
    }
}
