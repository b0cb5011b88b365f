using System.CommandLine;
using System.Data.Common;

namespace PrintFarm.Daemon.Commands.Farm;

/// <summary><c>printfarm migrate [--data DIR | --postgres CONNSTR]</c>: bring the farm store's schema up to date.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var command = new Command("migrate", "Apply the farm store's pending schema migrations (SQLite file or PostgreSQL)");
        store.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                await using var farm = store.Open(parse);
                var applied = await farm.MigrateAsync(ct);
                var version = await farm.GetSchemaVersionAsync(ct);
                await output.WriteLineAsync($"{farm.Description}: applied {applied} migration(s), schema version {version}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is DbException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
