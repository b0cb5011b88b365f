using System.CommandLine;
using PrintFarm.Agent;
using PrintFarm.Cli.Analyze;
using PrintFarm.Cli.Demo;
using PrintFarm.Cli.Farm;
using PrintFarm.Cli.Keys;
using PrintFarm.Cli.Send;
using PrintFarm.Cli.Serve;
using PrintFarm.Cli.Virtual;
namespace PrintFarm.Cli;

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
