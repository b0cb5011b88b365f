using System.CommandLine;
using System.Net;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Cli.Tests.Keys;

/// <summary><c>printfarm keys</c>: the same keys as /api/keys, made on the store directly.</summary>
public sealed class KeysCommandTests
{
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
    public async Task A_key_made_on_the_command_line_works_on_the_api_until_it_is_revoked()
    {
        await using var farm = await TestFarm.StartAsync();
        var (code, output, error) = await InvokeAsync("keys", "create", "--role", "maker", "--name", "anna", "--data", farm.DataDirectory);
        Assert.That(code, Is.Zero, error);
        var secret = output.Trim();
        using var anna = farm.Client(secret);
        using var registered = await anna.PostJsonAsync("/api/printers", AuthTests_Printer("anna-cli"));
        var (listCode, list, _) = await InvokeAsync("keys", "list", "--data", farm.DataDirectory);
        // The maker's key; registering the printer also made a key for its agent (agent-anna-cli).
        var id = list.Split('\n').Single(l => l.Contains(" maker ", StringComparison.Ordinal) && l.Contains("anna", StringComparison.Ordinal)).Trim().Split(' ')[0];
        var (revokeCode, _, _) = await InvokeAsync("keys", "revoke", id, "--data", farm.DataDirectory);
        await Task.Delay(TimeSpan.FromSeconds(11)); // another process revoked it: the coordinator's cache forgets within 10 s
        using var after = await anna.GetAsync("/api/printers");
        Assert.Multiple(async () =>
        {
            Assert.That(secret, Does.StartWith("pf_"));
            Assert.That(error, Does.Contain("shown only now"));
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
            Assert.That((await registered.JsonAsync()).GetProperty("owner").GetString(), Is.EqualTo("anna"));
            Assert.That(listCode, Is.Zero);
            Assert.That(list, Does.Not.Contain(secret));
            Assert.That(revokeCode, Is.Zero);
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [TestCase("--role", "boss", "--name", "x")]
    [TestCase("--role", "maker", "--name", "")]
    public async Task Bad_arguments_exit_2_with_one_line(params string[] args)
    {
        var data = Directory.CreateTempSubdirectory("printfarm-keys-").FullName;
        var (code, _, error) = await InvokeAsync(["keys", "create", .. args, "--data", data]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.StartWith("error: "));
        });
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
    }

    private static object AuthTests_Printer(string id) => new
    {
        id, site = "home-gracia", address = $"agent-{id}", bedXMm = 235, bedYMm = 235, material = "PLA", profile = "marlin",
    };
}
