using System.CommandLine;
using PrintFarm.Farm;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Daemon.Commands.Farm;

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

    public IFarmStore Open(ParseResult parse) =>
        FarmStoreFactory.Create(parse.GetValue(Data)?.FullName ?? FarmOptions.DefaultDataDirectory(), parse.GetValue(Postgres));
}
