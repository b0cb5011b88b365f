using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Daemon.Serve.Auth;
using PrintFarm.Daemon.Serve.Printers;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Daemon.Serve.Api;

/// <summary><c>/api/printers</c>: list, register, read, change, and act on printers.</summary>
internal static class PrinterEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/printers").WithTags("Printers");
        group.MapGet("/", ListAsync).WithSummary("Printers, filtered by state, site or owner; a maker sees only their own");
        group.MapPost("/", RegisterAsync).RequireAuthorization(AuthSetup.Write).WithSummary("Register a printer; a maker registers only their own");
        group.MapGet("/{id}", GetAsync).WithSummary("One printer, with temperatures and its current job");
        group.MapPatch("/{id}", PatchAsync).RequireAuthorization(AuthSetup.Write).WithSummary("Change name, bed, nozzle, material or profile");
        group.MapPost("/{id}/actions/{action}", PrinterActions.RunAsync).RequireAuthorization(AuthSetup.Write)
            .WithSummary("pause, resume, cancel, emergency-stop, clear-bed (with goodParts) or maintenance");
    }

    private static async Task<IResult> ListAsync(HttpContext http, IFarmReader reader, LiveStatusBoard live, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var paging = PageRequest.From(http.Request);
        if (caller.PrinterId is { } only)
        {
            // A per-printer key sees its printer and nothing else.
            var one = await reader.GetPrinterAsync(only, ct).ConfigureAwait(false);
            var items = one is null ? [] : new List<PrinterView> { PrinterView.From(one, live.Find(one.Id)) };
            return Results.Ok(new ListResult<PrinterView>(items, items.Count));
        }
        var query = new PrinterQuery
        {
            State = Query.Enum<PrinterState>(http.Request, "state"),
            Site = Query.Text(http.Request, "site"),
            Owner = caller.Role == ApiRole.Maker ? caller.Owner : Query.Text(http.Request, "owner"),
            Limit = paging.Limit,
            Offset = paging.Offset,
        };
        var page = await reader.ListPrintersAsync(query, ct).ConfigureAwait(false);
        return Results.Ok(new ListResult<PrinterView>(page.Items.Select(p => PrinterView.From(p, live.Find(p.Id))).ToList(), page.Total));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IFarmReader reader, LiveStatusBoard live, CancellationToken ct)
    {
        var printer = await Visible(id, http, reader, ct).ConfigureAwait(false);
        return Results.Ok(PrinterView.From(printer, live.Find(printer.Id)));
    }

    private static async Task<IResult> RegisterAsync(RegisterPrinterRequest body, HttpContext http, FarmServices farm, CancellationToken ct)
    {
        var caller = Caller.From(http);
        if (caller.Role == ApiRole.Maker && body.Owner is not null && body.Owner != caller.Owner)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"a maker registers only their own printers (owner {caller.Owner})");
        var printer = new Printer
        {
            Id = body.Id,
            Name = body.Name ?? body.Id,
            Site = body.Site,
            Node = body.Node ?? body.Site,
            Owner = caller.Role == ApiRole.Maker ? caller.Owner! : body.Owner ?? body.Site,
            OwnerKind = caller.Role == ApiRole.Maker ? OwnerKind.Maker : body.OwnerKind ?? OwnerKind.Lab,
            LinkKind = body.Link,
            LinkAddress = body.Address,
            Capabilities = new PrinterCapabilities
            {
                BedXMm = body.BedXMm,
                BedYMm = body.BedYMm,
                NozzleMm = body.NozzleMm,
                Material = body.Material,
                Profile = body.Profile,
            },
        };
        var created = await farm.Registry.RegisterAsync(printer, caller.Actor, ct).ConfigureAwait(false);
        await farm.PublishAsync(created).ConfigureAwait(false);
        return Results.Created($"/api/printers/{Uri.EscapeDataString(created.Id)}", PrinterView.From(created, null));
    }

    private static async Task<IResult> PatchAsync(string id, PrinterPatch body, HttpContext http, IFarmReader reader, FarmServices farm, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var printer = await Visible(id, http, reader, ct).ConfigureAwait(false);
        if (!caller.CanDrive(printer))
            return Results.Forbid();
        var updated = await farm.Registry.UpdateAsync(id, new PrinterUpdate
        {
            Name = body.Name,
            BedXMm = body.BedXMm,
            BedYMm = body.BedYMm,
            NozzleMm = body.NozzleMm,
            Material = body.Material,
            Profile = body.Profile,
        }, caller.Actor, ct).ConfigureAwait(false);
        await farm.PublishAsync(updated).ConfigureAwait(false);
        farm.Wakeups.Scheduler();
        return Results.Ok(PrinterView.From(updated, farm.Live.Find(id)));
    }

    /// <summary>The printer, or 404 for an unknown one and for one the caller may not see (a maker learns nothing of others' printers).</summary>
    public static async Task<Printer> Visible(string id, HttpContext http, IFarmReader reader, CancellationToken ct)
    {
        var printer = await reader.GetPrinterAsync(id, ct).ConfigureAwait(false);
        if (printer is null || !Caller.From(http).CanSee(printer))
            throw new FarmValidationException($"unknown printer {id}");
        return printer;
    }
}
