using System.CommandLine;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Storage;
using PrintFarm.Wire;

namespace PrintFarm.Cli.Farm;

/// <summary>
/// <c>printfarm check [--data DIR | --postgres CONNSTR]</c>: recompute the ledger from the job and delivery records and
/// compare it with the stored counts. Prints each difference on one line and exits 1 when there is any.
/// </summary>
internal static class CheckCommand
{
    public const int DifferencesFound = 1;

    public static Command Create()
    {
        var store = new StoreOptions();
        var command = new Command("check", "Recompute the demand-and-supply ledger from the records and report every difference (exit 1 on any)");
        store.AddTo(command);
        store.SetAction(command, async (farm, output, error, ct) =>
        {
            var version = await farm.GetSchemaVersionAsync(ct);
            if (version != Migrations.Latest)
            {
                await error.WriteLineAsync($"error: {farm.Description} is at schema version {version}, not {Migrations.Latest}; run printfarm migrate");
                return ExitCodes.BadInput;
            }
            var differences = await new LedgerCheck(farm).RunAsync(ct);
            foreach (var difference in differences)
                await output.WriteLineAsync(difference.ToString());
            await output.WriteLineAsync(differences.Count == 0
                ? $"{farm.Description}: ledger matches the records"
                : $"{farm.Description}: {differences.Count} difference(s)");
            return differences.Count == 0 ? ExitCodes.Ok : DifferencesFound;
        });
        return command;
    }
}
