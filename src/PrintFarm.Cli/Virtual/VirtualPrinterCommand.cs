using System.CommandLine;

namespace PrintFarm.Cli.Virtual;

/// <summary><c>printfarm virtual-printer</c>: a simulated printer on a pseudo-terminal or a TCP port.</summary>
internal static class VirtualPrinterCommand
{
    public static Command Create()
    {
        var action = new VirtualPrinterAction();
        var command = new Command("virtual-printer", "Run a simulated Marlin-like printer for tests, demos and benchmarks.");
        foreach (var option in action.All)
            command.Options.Add(option);
        command.Action = action;
        return command;
    }
}
