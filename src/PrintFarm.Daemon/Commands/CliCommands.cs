using System.CommandLine;

namespace PrintFarm.Daemon.Commands;

/// <summary>Every <c>printfarm</c> verb, registered in one place.</summary>
internal static class CliCommands
{
    public static void AddAll(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(VirtualPrinterCommand.Create());
    }
}
