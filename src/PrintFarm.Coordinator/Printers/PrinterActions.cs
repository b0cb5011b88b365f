using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using PrintFarm.Coordinator.Agents.Bridge;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Printing.Protocol;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Printers;

/// <summary>
/// <c>POST /api/printers/{id}/actions/{action}</c>. Pause, resume, cancel and emergency stop go to the printer's
/// link and are recorded once the firmware took them; clear-bed and maintenance are farm decisions.
/// </summary>
internal static class PrinterActions
{
    public static async Task<IResult> RunAsync(string id, string action, HttpContext http, PrinterDirectory printers, PrinterRegistry registry, JobLifecycle lifecycle, LiveStatusBoard live, LocalPrinterFleet links, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var printer = await PrinterEndpoints.Visible(id, http, printers, ct).ConfigureAwait(false);
        if (!caller.CanDrive(printer))
            return Forbidden.Because(caller.CanWrite ? $"printer {printer.Id} is not yours" : "a viewer key only reads; changing a printer needs a maker, staff or admin key");
        switch (action)
        {
            case "clear-bed":
                var clear = await OptionalBody<ClearBedRequest>(http, ct).ConfigureAwait(false);
                var cleared = await registry.BedClearedAsync(id, clear.GoodParts, caller.Actor, ct).ConfigureAwait(false);
                return Results.Ok(PrinterView.From(cleared, live.Find(id)));
            case "maintenance":
                var maintenance = await OptionalBody<MaintenanceRequest>(http, ct).ConfigureAwait(false);
                var to = maintenance.Done ? PrinterState.NeedsBedClear : PrinterState.Maintenance;
                var moved = await registry.SetStateAsync(id, to, caller.Actor, maintenance.Reason ?? (maintenance.Done ? "maintenance done" : "maintenance"), ct).ConfigureAwait(false);
                return Results.Ok(PrinterView.From(moved, live.Find(id)));
            case "pause" or "resume" or "cancel" or "emergency-stop":
                return await LinkActionAsync(printer, action, caller, lifecycle, printers, live, links, http, ct).ConfigureAwait(false);
            default:
                throw new FarmNotFoundException($"unknown action \"{action}\"; use pause, resume, cancel, emergency-stop, clear-bed or maintenance");
        }
    }

    /// <summary>
    /// A printer behind an agent: the command goes over MQTT (once per command id) and the farm follows the agent's
    /// reports (paused, printing again, the job failed as cancelled, an error after an emergency stop).
    /// </summary>
    private static async Task<IResult> AgentActionAsync(Printer printer, string action, HttpContext http, CancellationToken ct)
    {
        var bridge = http.RequestServices.GetService<AgentBridge>();
        if (printer.CurrentJobId is null && action != "emergency-stop")
            return Conflict($"printer {printer.Id} is not printing");
        var command = new CommandMessage($"{action}-{Guid.NewGuid():N}", action, printer.CurrentJobId);
        if (bridge is null || !await bridge.SendAsync(printer.Id, command, ct).ConfigureAwait(false))
            return Conflict($"printer {printer.Id} is reached through agent {printer.LinkAddress}, and the coordinator has no broker connection right now");
        return Results.Accepted($"/api/printers/{printer.Id}", new { printer.Id, action, commandId = command.CommandId, detail = $"sent to agent {printer.LinkAddress}; the printer's state follows its report" });
    }

    private static async Task<IResult> LinkActionAsync(Printer printer, string action, Caller caller, JobLifecycle lifecycle, PrinterDirectory printers, LiveStatusBoard live, LocalPrinterFleet links, HttpContext http, CancellationToken ct)
    {
        if (printer.LinkKind == LinkKind.Agent)
            return await AgentActionAsync(printer, action, http, ct).ConfigureAwait(false);
        var driver = links.Find(printer.Id);
        var session = driver?.Session;
        if (driver is null || session is null)
            return Conflict($"printer {printer.Id} has no link to this coordinator right now");
        if (action == "emergency-stop")
        {
            await session.EmergencyStopAsync().ConfigureAwait(false);
            return Results.Accepted($"/api/printers/{printer.Id}", new { printer.Id, action, detail = "M112 sent; the printer needs a reset and a bed check" });
        }
        if (printer.CurrentJobId is not { } jobId || session.CurrentJob is null)
            return Conflict($"printer {printer.Id} is not printing");
        switch (action)
        {
            case "pause" when session.State == SessionState.Printing:
                await session.PauseAsync().ConfigureAwait(false);
                await lifecycle.PausedAsync(jobId, caller.Actor, ct).ConfigureAwait(false);
                break;
            case "resume" when session.State == SessionState.Paused:
                await session.ResumeAsync().ConfigureAwait(false);
                await lifecycle.ResumedAsync(jobId, caller.Actor, ct).ConfigureAwait(false);
                break;
            case "cancel":
                driver.CancelRunningJob();
                return Results.Accepted($"/api/jobs/{jobId}", new { printer.Id, action, jobId, detail = "the job is recorded as cancelled once the firmware stopped" });
            default:
                return Conflict($"printer {printer.Id} is {WireNames.Of(session.State)}; it cannot {action}");
        }
        var after = await printers.GetAsync(printer.Id, ct).ConfigureAwait(false);
        return Results.Ok(PrinterView.From(after ?? printer, live.Find(printer.Id)));
    }

    private static IResult Conflict(string detail) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>
    /// The action's JSON body, or its defaults when there is none: no body, an empty one, or JSON <c>null</c>.
    /// A body that is there but is not JSON is refused, never guessed at.
    /// </summary>
    private static async Task<T> OptionalBody<T>(HttpContext http, CancellationToken ct) where T : class, new()
    {
        var request = http.Request;
        if (request.ContentLength == 0 || (request.ContentLength is null && request.ContentType is null && StringValues.IsNullOrEmpty(request.Headers.TransferEncoding)))
            return new T();
        if (!request.HasJsonContentType())
            throw new FarmValidationException($"the body must be JSON (application/json), not \"{request.ContentType}\"; or send none for the defaults");
        return await request.ReadFromJsonAsync<T>(ct).ConfigureAwait(false) ?? new T();
    }
}
