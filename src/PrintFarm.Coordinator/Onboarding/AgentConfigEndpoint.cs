using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Onboarding;

/// <summary>
/// <c>POST /api/me/agent-config</c> (a maker key): a ready <c>agent.json</c> for the maker's agent, with the broker
/// address and its login, the coordinator, and the maker's printers behind that agent. Only a hash of an agent's key is
/// stored, so each download makes a new agent key and revokes the agent's earlier one (both audited): the downloaded
/// file is the one that works, and a running agent must be given it. It is a POST for that reason: a link preview or a
/// prefetch must not lock a running agent out.
/// </summary>
internal static class AgentConfigEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/me/agent-config", CreateAsync).WithTags("Printers").RequireAuthorization(AuthSetup.Write)
            .WithSummary("A maker's agent.json (?agent= one of their agent ids; ?download=true as a file); makes a new agent key and revokes the agent's old one");

    private static async Task<IResult> CreateAsync(HttpContext http, PrinterDirectory directory, ApiKeyBook keys, AgentOwners owners, ServeOptions options,
        ApiKeyCache cache, CancellationToken ct)
    {
        var caller = Caller.From(http);
        if (caller.Role != ApiRole.Maker || caller.Owner is null)
            return Forbidden.Because($"the agent config is a maker's, for their own printers; yours is a {PrintFarm.Wire.WireNames.Of(caller.Role)} key");
        var page = await directory.ListAsync(new PrinterQuery { Owner = caller.Owner, Limit = Paging.MaxLimit }, ct).ConfigureAwait(false);
        var behindAgents = page.Items.Where(p => p.LinkKind == LinkKind.Agent).ToList();
        var agentIds = behindAgents.Select(p => p.LinkAddress).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var asked = Api.Query.Text(http.Request, "agent");
        if (agentIds.Count == 0)
            throw new FarmNotFoundException("no printer of yours is behind an agent yet: register one first (POST /api/printers with a preset)");
        var agentId = asked ?? (agentIds.Count == 1 ? agentIds[0] : throw new FarmValidationException($"agent: your printers are behind {string.Join(", ", agentIds)}; name one"));
        if (!agentIds.Contains(agentId, StringComparer.Ordinal) || await owners.OwnerOfAsync(agentId, ct).ConfigureAwait(false) != caller.Owner)
            throw new FarmNotFoundException($"no agent {agentId} of yours");
        var earlier = (await keys.ListAsync(ct).ConfigureAwait(false)).Where(k => k.IsActive && k.Role == ApiRole.Agent && k.Owner == agentId).ToList();
        var login = await AgentLogins.IssueAsync(http, agentId, caller.Actor, ct).ConfigureAwait(false);
        foreach (var old in earlier)
            await keys.RevokeAsync(old.Id, caller.Actor, ct).ConfigureAwait(false);
        if (earlier.Count > 0)
            cache.Forget();
        var presets = PrinterPresets.Builtin.All;
        var config = new AgentConfigFile(
            agentId,
            BrokerWithLogin(login.Broker, agentId, login.Password),
            options.PublicBase.ToString().TrimEnd('/'),
            behindAgents.Where(p => p.LinkAddress == agentId).OrderBy(p => p.Id, StringComparer.Ordinal)
                .Select(p => new AgentConfigPrinter(p.Id, PortGuess(p, presets), BaudGuess(p, presets), p.Capabilities.Profile)).ToList());
        if (Api.Query.Text(http.Request, "download") == "true")
            http.Response.Headers.ContentDisposition = "attachment; filename=\"agent.json\"";
        return Results.Json(config, AgentConfigFile.Json);
    }

    /// <summary><c>mqtt://AGENT_ID:AGENT_KEY@HOST:PORT</c> from the broker's address; agent keys are URL-safe, the id is escaped.</summary>
    public static string BrokerWithLogin(string? broker, string agentId, string key)
    {
        if (broker is null)
            throw new FarmConflictException("this coordinator runs no MQTT broker for agents (mqtt.enabled is false and no external broker is set)");
        var uri = new Uri(broker);
        return $"{uri.Scheme}://{Uri.EscapeDataString(agentId)}:{Uri.EscapeDataString(key)}@{uri.Authority}";
    }

    private static PrinterPreset? PresetOf(Printer p, IReadOnlyList<PrinterPreset> presets) =>
        presets.FirstOrDefault(x => x.Profile == p.Capabilities.Profile && x.BedXMm == p.Capabilities.BedXMm && x.BedYMm == p.Capabilities.BedYMm)
        ?? presets.FirstOrDefault(x => x.Profile == p.Capabilities.Profile);

    private static string PortGuess(Printer p, IReadOnlyList<PrinterPreset> presets) => PresetOf(p, presets)?.Port ?? "/dev/ttyUSB0";

    private static int BaudGuess(Printer p, IReadOnlyList<PrinterPreset> presets) => PresetOf(p, presets)?.Baud ?? 115200;
}
