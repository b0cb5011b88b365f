using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Cli.Farm;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Storage;
using PrintFarm.Wire;

namespace PrintFarm.Cli.Keys;

/// <summary>
/// <c>printfarm keys create|list|revoke</c>: the same key management as <c>/api/keys</c>, on the store directly,
/// for the machine's administrator (for example to make a new admin key after losing one).
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Create, list and revoke API keys");
        keys.Subcommands.Add(CreateCommand());
        keys.Subcommands.Add(ListCommand());
        keys.Subcommands.Add(RevokeCommand());
        return keys;
    }

    private static Command CreateCommand()
    {
        var store = new StoreOptions();
        var role = new Option<string>("--role") { Description = "admin, staff, maker or viewer", Required = true };
        var name = new Option<string>("--name") { Description = "Who or what the key is for, e.g. lab-desk or anna", Required = true };
        var owner = new Option<string?>("--owner") { Description = "For a maker: the owner name on their printers (default: --name)" };
        var printer = new Option<string?>("--printer") { Description = "Bind the key to one printer (for a slicer's OctoPrint connection)" };
        var command = new Command("create", "Create a key; its secret is printed once") { role, name, owner, printer };
        store.AddTo(command);
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!WireNames.TryParse<ApiRole>(parseResult.GetValue(role), out var r))
            {
                await error.WriteLineAsync("error: --role must be admin, staff, maker or viewer").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            return await RunAsync(store, parseResult, error, async book =>
            {
                var keyName = parseResult.GetValue(name)!;
                var created = await book.CreateAsync(keyName, r, r == ApiRole.Maker ? parseResult.GetValue(owner) ?? keyName : parseResult.GetValue(owner),
                    parseResult.GetValue(printer), "cli", ct).ConfigureAwait(false);
                await output.WriteLineAsync(created.Secret).ConfigureAwait(false);
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"created key {created.Key.Id} ({WireNames.Of(created.Key.Role)}, {created.Key.Name}); the secret above is shown only now")).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ListCommand()
    {
        var store = new StoreOptions();
        var command = new Command("list", "List keys (never their secrets)");
        store.AddTo(command);
        command.SetAction((parseResult, ct) => RunAsync(store, parseResult, parseResult.InvocationConfiguration.Error, async book =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            foreach (var k in await book.ListAsync(ct).ConfigureAwait(false))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{k.Id,5}  {WireNames.Of(k.Role),-7}  {k.Name,-20}  {k.Prefix}...  {(k.RevokedAt is null ? "active" : "revoked")}{(k.Owner is null ? "" : $"  owner {k.Owner}")}{(k.PrinterId is null ? "" : $"  printer {k.PrinterId}")}")).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command RevokeCommand()
    {
        var store = new StoreOptions();
        var id = new Argument<long>("id") { Description = "The key's id, from keys list" };
        var command = new Command("revoke", "Revoke a key") { id };
        store.AddTo(command);
        command.SetAction((parseResult, ct) => RunAsync(store, parseResult, parseResult.InvocationConfiguration.Error, async book =>
        {
            var revoked = await book.RevokeAsync(parseResult.GetValue(id), "cli", ct).ConfigureAwait(false);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"revoked key {revoked.Id} ({revoked.Name})")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task<int> RunAsync(StoreOptions store, ParseResult parse, TextWriter error, Func<ApiKeyBook, Task<int>> body, CancellationToken ct)
    {
        var services = new ServiceCollection();
        var data = parse.GetValue(store.Data)?.FullName ?? FarmOptions.DefaultDataDirectory();
        services.AddFarm(f =>
        {
            f.DataDirectory = data;
            f.PostgresConnectionString = parse.GetValue(store.Postgres);
        });
        await using var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<IFarmStore>().MigrateAsync(ct).ConfigureAwait(false);
            return await body(provider.GetRequiredService<ApiKeyBook>()).ConfigureAwait(false);
        }
        catch (FarmValidationException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }
}
