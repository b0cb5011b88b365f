using System.CommandLine;
using PrintFarm.Farm.Storage;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Cli.Tests.Farm;

/// <summary><c>printfarm migrate</c> and <c>printfarm check</c> against both stores.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class FarmCommandTests(StoreKind kind) : FarmFixture(kind)
{
    private string[] StoreArgs => Kind == StoreKind.Postgres ? ["--postgres", Database] : ["--data", DataDirectory];

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(params string[] args)
    {
        var root = new RootCommand("test");
        CliCommands.AddAll(root);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Test]
    public async Task Migrate_MigratedStore_AppliesNothingAndReportsVersion()
    {
        var (exitCode, output, _) = await InvokeAsync(["migrate", .. StoreArgs]);
        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain($"applied 0 migration(s), schema version {Migrations.Latest}"));
    }

    [Test]
    public async Task Check_ConsistentLedger_ExitsZero()
    {
        await AddDesignAsync();
        await AddReadyPrinterAsync("p1");
        await DemandAsync(10);
        await Round.RunAsync();
        var (exitCode, output, _) = await InvokeAsync(["check", .. StoreArgs]);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("ledger matches the records"));
    }

    [Test]
    public async Task Check_TamperedLedger_ExitsNonZeroWithOneLinePerDifference()
    {
        await AddDesignAsync();
        await AddReadyPrinterAsync("p1");
        await DemandAsync(10);
        await Round.RunAsync();
        await ExecuteRawAsync("UPDATE ledger SET printed = printed + 3, requested = requested - 1");

        var (exitCode, output, _) = await InvokeAsync(["check", .. StoreArgs]);

        Assert.That(exitCode, Is.EqualTo(1));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Does.Contain("shield/Hospital Clinic/node-a: printed stored 3, recomputed 0"));
        Assert.That(lines, Does.Contain("shield/Hospital Clinic/node-a: requested stored 9, recomputed 10"));
    }

    [Test]
    public async Task Check_BothStoreOptions_Refused()
    {
        var (exitCode, _, error) = await InvokeAsync("check", "--data", DataDirectory, "--postgres", "Host=x");
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(error, Does.Contain("either --data or --postgres"));
    }
}
