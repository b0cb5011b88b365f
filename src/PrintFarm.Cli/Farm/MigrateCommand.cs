using System.CommandLine;

using PrintFarm.Wire;

namespace PrintFarm.Cli.Farm;

/// <summary><c>printfarm migrate [--data DIR | --postgres CONNSTR]</c>: bring the farm store's schema up to date.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var command = new Command("migrate", "Apply the farm store's pending schema migrations (SQLite file or PostgreSQL)");
        store.AddTo(command);
        store.SetAction(command, async (farm, output, _, ct) =>
        {
            var applied = await farm.MigrateAsync(ct);
            var version = await farm.GetSchemaVersionAsync(ct);
            await output.WriteLineAsync($"{farm.Description}: applied {applied} migration(s), schema version {version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
