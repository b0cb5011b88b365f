using System.CommandLine;
using System.Data.Common;
using PrintFarm.Farm;
using PrintFarm.Farm.Storage;
using PrintFarm.Wire;

namespace PrintFarm.Cli.Farm;

/// <summary><c>--data DIR</c> or <c>--postgres CONNSTR</c>: which farm store a verb works on.</summary>
internal sealed class StoreOptions
{
    public Option<DirectoryInfo?> Data { get; } = new("--data")
    {
        Description = "Data directory holding printfarm.db (default: $PRINTFARM_DATA or ~/.local/share/printfarm)",
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "PostgreSQL connection string, for example 'Host=db;Username=printfarm;Password=...;Database=printfarm'",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Postgres);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Data) is not null && result.GetResult(Postgres) is not null)
                result.AddError("give either --data or --postgres, not both");
        });
    }

    /// <summary>
    /// Opens the store and runs <paramref name="body"/> on it with the verb's output and error writers;
    /// a store that cannot be opened or read is one line on the error writer and exit code 2.
    /// </summary>
    public void SetAction(Command command, Func<IFarmStore, TextWriter, TextWriter, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                await using var farm = Open(parse);
                return await body(farm, output, error, ct);
            }
            catch (Exception ex) when (ex is DbException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });

    public IFarmStore Open(ParseResult parse) =>
        FarmStoreFactory.Create(parse.GetValue(Data)?.FullName ?? FarmOptions.DefaultDataDirectory(), parse.GetValue(Postgres));
}
