using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Printers;

/// <summary><c>/api/printers</c>: list, register, read, change, and act on printers.</summary>
internal static class PrinterEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/printers").WithTags("Printers");
        group.MapGet("/", ListAsync).Produces<ListResult<PrinterView>>().WithSummary("Printers, filtered by state, site or owner; a maker sees only their own");
        group.MapPost("/", RegisterAsync).RequireAuthorization(AuthSetup.Write).WithSummary("Register a printer; a maker registers only their own");
        group.MapGet("/{id}", GetAsync).Produces<PrinterView>().WithSummary("One printer, with temperatures and its current job");
        group.MapPatch("/{id}", PatchAsync).RequireAuthorization(AuthSetup.Write).WithSummary("Change name, bed, nozzle, material or profile");
        group.MapPost("/{id}/actions/{action}", PrinterActions.RunAsync).RequireAuthorization(AuthSetup.Write)
            .WithSummary("pause, resume, cancel, emergency-stop, clear-bed (with goodParts) or maintenance");
    }

    /// <summary>Served from the <see cref="PrinterDirectory"/> in memory: the grid is the API's hottest read.</summary>
    private static async Task<IResult> ListAsync(HttpContext http, PrinterDirectory printers, LiveStatusBoard live, PrinterJson json, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var paging = PageRequest.From(http.Request);
        if (caller.PrinterId is { } only)
        {
            // A per-printer key sees its printer and nothing else.
            var one = await printers.GetAsync(only, ct).ConfigureAwait(false);
            return json.Page(one is null ? [] : [one], one is null ? 0 : 1, live);
        }
        var query = new PrinterQuery
        {
            State = Query.Enum<PrinterState>(http.Request, "state"),
            Site = Query.Text(http.Request, "site"),
            Owner = caller.Role == ApiRole.Maker ? caller.Owner : Query.Text(http.Request, "owner"),
            Limit = paging.Limit,
            Offset = paging.Offset,
        };
        var page = await printers.ListAsync(query, ct).ConfigureAwait(false);
        return json.Page(page.Items, page.Total, live);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, PrinterDirectory printers, LiveStatusBoard live, PrinterJson json, PrinterWaiting waiting, CancellationToken ct)
    {
        var printer = await Visible(id, http, printers, ct).ConfigureAwait(false);
        return json.One(printer, live, await waiting.WhyAsync(printer, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// Registers a printer. For <c>link: agent</c> the address is the agent's id; when that agent has no active agent key
    /// yet, one is made and its secret is in the answer, once, as <c>agentCredentials</c> (the agent's MQTT login).
    /// </summary>
    private static async Task<IResult> RegisterAsync(RegisterPrinterRequest body, HttpContext http, PrinterRegistry registry, ApiKeyBook keys, AgentOwners owners,
        PrinterDirectory directory, JsonSerializerOptions json, CancellationToken ct)
    {
        var caller = Caller.From(http);
        if (caller.Role == ApiRole.Maker && body.Owner is not null && body.Owner != caller.Owner)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"a maker registers only their own printers (owner {caller.Owner})");
        // A key made by an invitation is bound to its collection node: its printers deliver there and nowhere else.
        if (caller.Node is not null && body.Node is not null && body.Node.Trim() != caller.Node)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"this key is bound to collection node {caller.Node}; its printers deliver there (leave node out, or ask staff to move the printer)");
        PrinterPreset? preset = null;
        if (body.Preset is not null && (preset = PrinterPresets.Builtin.Find(body.Preset)) is null)
            return BadRequest($"preset: \"{PrintFarm.Farm.TextRules.Printable(body.Preset)}\" is not one of {string.Join(", ", PrinterPresets.Builtin.All.Select(p => p.Id))}");
        var maker = caller.Role == ApiRole.Maker;
        var site = body.Site ?? (maker ? "home" : null);
        if (site is null)
            return BadRequest("site: the site the printer stands at");
        var owner = OwnerOf(body, caller, site);
        var address = body.Address ?? (maker && body.Link == LinkKind.Agent ? $"{caller.Owner}-agent" : null);
        if (address is null)
            return BadRequest(body.Link == LinkKind.Agent ? "address: the agent id the printer is behind" : "address: the printer's port");
        var bedX = body.BedXMm ?? preset?.BedXMm;
        var bedY = body.BedYMm ?? preset?.BedYMm;
        var material = body.Material ?? preset?.Material;
        var profile = body.Profile ?? preset?.Profile;
        if (bedX is null || bedY is null || material is null || profile is null)
            return BadRequest("bedXMm, bedYMm, material and profile are needed, or a preset that gives them (GET /api/printer-presets)");
        var id = body.Id ?? (preset is not null && maker ? await FreeIdAsync($"{caller.Owner}-{preset.Id}", directory, ct).ConfigureAwait(false) : null);
        if (id is null)
            return BadRequest("id: the printer's id");
        var agentId = body.Link == LinkKind.Agent ? address : null;
        var newAgent = false;
        if (agentId is not null)
        {
            if (!Topics.IsSafeId(agentId) || agentId == CoordinatorIdentity.UserName)
                return BadRequest($"address: \"{agentId}\" is not an agent id (1 to 128 characters, no spaces, /, + or #)");
            if (!Topics.IsSafeId(id))
                return BadRequest($"id: \"{id}\" cannot name an agent's printer in MQTT topics (no spaces, /, + or #)");
            // Agent ids are one namespace and each is its first owner's for good, whether or not its key is revoked.
            var claimed = await owners.OwnerOfAsync(agentId, ct).ConfigureAwait(false);
            if (claimed is not null && claimed != owner)
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: AgentOwners.TakenMessage(agentId));
            newAgent = !await keys.HasActiveAsync(ApiRole.Agent, agentId, ct).ConfigureAwait(false);
        }
        var printer = new Printer
        {
            Id = id,
            Name = body.Name ?? id,
            Site = site,
            Node = caller.Node ?? body.Node ?? site,
            Owner = owner,
            OwnerKind = maker ? OwnerKind.Maker : body.OwnerKind ?? OwnerKind.Lab,
            LinkKind = body.Link,
            LinkAddress = address,
            Capabilities = new PrinterCapabilities
            {
                BedXMm = bedX.Value,
                BedYMm = bedY.Value,
                NozzleMm = body.NozzleMm ?? preset?.NozzleMm ?? 0.4,
                Material = material,
                Profile = profile,
            },
        };
        var created = await registry.RegisterAsync(printer, caller.Actor, ct).ConfigureAwait(false);
        var location = $"/api/printers/{Uri.EscapeDataString(created.Id)}";
        if (!newAgent)
            return Results.Created(location, PrinterView.From(created, null));
        var credentials = await AgentLogins.IssueAsync(http, agentId!, caller.Actor, ct).ConfigureAwait(false);
        var answer = JsonSerializer.SerializeToNode(PrinterView.From(created, null), json)!.AsObject();
        answer["agentCredentials"] = JsonSerializer.SerializeToNode(credentials, json);
        return Results.Created(location, answer);
    }

    /// <summary><paramref name="id"/>, or <c>{id}-2</c>, <c>{id}-3</c>... the first that no printer has.</summary>
    private static async Task<string> FreeIdAsync(string id, PrinterDirectory printers, CancellationToken ct)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? id : $"{id}-{n}";
            if (await printers.GetAsync(candidate, ct).ConfigureAwait(false) is null)
                return candidate;
        }
    }

    private static IResult BadRequest(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    private static string OwnerOf(RegisterPrinterRequest body, Caller caller, string site) => caller.Role == ApiRole.Maker ? caller.Owner! : body.Owner ?? site;

    private static async Task<IResult> PatchAsync(string id, PrinterPatch body, HttpContext http, PrinterDirectory printers, PrinterRegistry registry, LiveStatusBoard live, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var printer = await Visible(id, http, printers, ct).ConfigureAwait(false);
        if (!caller.CanDrive(printer))
            return Forbidden.Because(caller.CanWrite ? $"printer {printer.Id} is not yours" : "a viewer key only reads; changing a printer needs a maker, staff or admin key");
        var updated = await registry.UpdateAsync(id, new PrinterUpdate
        {
            Name = body.Name,
            BedXMm = body.BedXMm,
            BedYMm = body.BedYMm,
            NozzleMm = body.NozzleMm,
            Material = body.Material,
            Profile = body.Profile,
        }, caller.Actor, ct).ConfigureAwait(false);
        return Results.Ok(PrinterView.From(updated, live.Find(id)));
    }

    /// <summary>The printer, or 404 for an unknown one and for one the caller may not see (a maker learns nothing of others' printers).</summary>
    public static async Task<Printer> Visible(string id, HttpContext http, PrinterDirectory printers, CancellationToken ct)
    {
        var printer = await printers.GetAsync(id, ct).ConfigureAwait(false);
        if (printer is null || !Caller.From(http).CanSee(printer))
            throw new FarmNotFoundException($"unknown printer {id}");
        return printer;
    }
}

/// <summary>
/// In the answer to registering a printer behind a new agent: the agent's MQTT login, shown once. <c>Password</c> is the
/// agent's key (also its key for downloading its jobs' G-code); <c>Broker</c> is where to connect, null when MQTT is off.
/// </summary>
public sealed record AgentCredentials(string Username, string Password, string? Broker)
{
    /// <summary>Keeps the secret out of logs that print the record.</summary>
    public override string ToString() => $"AgentCredentials {{ Username = {Username}, Broker = {Broker} }}";
}
