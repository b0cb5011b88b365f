using Microsoft.AspNetCore.Http;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Live;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Octoprint;

/// <summary>
/// <c>GET /api/printer</c>, <c>/api/job</c> and <c>/api/connection</c>. With one printer named (a per-printer key,
/// <c>?printer=ID</c>, or a maker's only printer) they answer for that printer. Otherwise they answer for the farm as the
/// key sees it: operational and ready while any of its printers is connected, since an upload is queued for whichever
/// printer fits rather than printed on one; never "printing" as a printer, so a slicer never calls the farm busy; no
/// temperatures; and a job line that counts the jobs printing and queued, with their mean completion.
/// </summary>
internal static class OctoprintStatus
{
    public static async Task<IResult> PrinterAsync(HttpContext http, PrinterDirectory printers, LiveStatusBoard live, CancellationToken ct)
    {
        if (await NamedAsync(http, printers, ct).ConfigureAwait(false) is { } printer)
        {
            var temps = TemperaturesView.From(live.Find(printer.Id)?.Temperatures);
            return Results.Ok(new PrinterReply(new StateReply(StateText(printer.State), Flags(printer.State)), new TemperatureReply(
                new ToolTemperature(temps?.Tool0?.Actual, temps?.Tool0?.Target, 0), new ToolTemperature(temps?.Bed?.Actual, temps?.Bed?.Target, 0))));
        }
        var connected = (await VisibleAsync(http, printers, ct).ConfigureAwait(false)).Any(Connected);
        return Results.Ok(new PrinterReply(new StateReply(connected ? "Operational" : "Offline", FarmFlags(connected)), new TemperatureReply(null, null)));
    }

    public static async Task<IResult> JobAsync(HttpContext http, IFarmReader reader, PrinterDirectory printers, LiveStatusBoard live, CancellationToken ct)
    {
        if (await NamedAsync(http, printers, ct).ConfigureAwait(false) is { } printer)
        {
            var snapshot = live.Find(printer.Id);
            var job = printer.CurrentJobId is { } id ? await reader.GetJobAsync(id, ct).ConfigureAwait(false) : null;
            var variant = job is null ? null : await reader.GetVariantAsync(job.VariantId, ct).ConfigureAwait(false);
            var mine = snapshot is not null && job is not null && snapshot.JobId == job.Id;
            var progress = mine ? snapshot!.Progress : 0;
            double? elapsed = mine ? snapshot!.Elapsed.TotalSeconds : null;
            double? left = elapsed is { } e && progress > 0.01 ? e * (1 - progress) / progress : null;
            var path = variant is null ? null : OctoprintFiles.PathOf(variant);
            return Results.Ok(new JobReply(
                new JobInfo(new FileInfoReply(path is null ? null : Path.GetFileName(path), path, path is null ? null : "local"), variant?.EstimatedTime.TotalSeconds),
                new ProgressReply(job is null ? null : Math.Round(progress * 100, 2), elapsed, left),
                StateText(printer.State)));
        }
        var visible = await VisibleAsync(http, printers, ct).ConfigureAwait(false);
        var caller = Caller.From(http);
        var queued = await reader.ListJobsAsync(new JobQuery
        {
            States = [JobState.Queued, JobState.Assigned],
            PrinterOwner = caller.Role == ApiRole.Maker ? caller.Owner : null,
            Limit = 1,
        }, ct).ConfigureAwait(false);
        var printing = visible.Where(p => p.State is PrinterState.Printing or PrinterState.Paused).ToList();
        var completions = printing.Select(p => live.Find(p.Id)).Where(s => s?.JobId is not null).Select(s => s!.Progress * 100).ToList();
        var summary = $"{printing.Count} printing, {queued.Total} queued on {visible.Count} printers";
        return Results.Ok(new JobReply(new JobInfo(new FileInfoReply(summary, null, null), null),
            new ProgressReply(completions.Count > 0 ? Math.Round(completions.Average(), 2) : null, null, null),
            printing.Count > 0 ? "Printing" : visible.Any(Connected) ? "Operational" : "Offline"));
    }

    public static async Task<IResult> ConnectionAsync(HttpContext http, PrinterDirectory printers, CancellationToken ct)
    {
        var named = await NamedAsync(http, printers, ct).ConfigureAwait(false);
        var visible = named is not null ? [named] : await VisibleAsync(http, printers, ct).ConfigureAwait(false);
        var classes = PrinterClass.Of(visible);
        var current = named is not null ? PrinterClass.For(named.Capabilities) : classes.Count > 0 ? classes[0] : null;
        var state = named is not null ? StateText(named.State) : visible.Any(Connected) ? "Operational" : "Offline";
        var port = named?.Id ?? "farm";
        return Results.Ok(new
        {
            current = new { state, port, baudrate = (int?)null, printerProfile = current?.Id },
            options = new
            {
                ports = new[] { port },
                baudrates = Array.Empty<int>(),
                printerProfiles = classes.Select(c => new { id = c.Id, name = c.Name }).ToList(),
                portPreference = port,
                baudratePreference = (int?)null,
                printerProfilePreference = current?.Id,
                autoconnect = true,
            },
        });
    }

    /// <summary>OctoPrint's state words.</summary>
    public static string StateText(PrinterState state) => state switch
    {
        PrinterState.Printing => "Printing",
        PrinterState.Paused => "Paused",
        PrinterState.Error => "Error",
        PrinterState.Offline => "Offline",
        _ => "Operational",
    };

    private static StateFlags Flags(PrinterState state) => new(
        Operational: state is not (PrinterState.Offline or PrinterState.Error),
        Printing: state == PrinterState.Printing,
        Paused: state == PrinterState.Paused,
        Pausing: false,
        Cancelling: false,
        Finishing: false,
        Error: state == PrinterState.Error,
        Ready: state == PrinterState.Ready,
        ClosedOrError: state is PrinterState.Offline or PrinterState.Error,
        SdReady: false);

    private static StateFlags FarmFlags(bool connected) =>
        new(connected, false, false, false, false, false, false, connected, !connected, false);

    private static bool Connected(Printer printer) => printer.State is not (PrinterState.Offline or PrinterState.Error or PrinterState.Maintenance);

    /// <summary>The printer a per-printer key is bound to, else <c>?printer=ID</c>, else a maker's only printer; null for the farm.</summary>
    public static async Task<Printer?> NamedAsync(HttpContext http, PrinterDirectory printers, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var id = caller.PrinterId ?? Query.Text(http.Request, "printer");
        if (id is null && caller.Role == ApiRole.Maker)
        {
            var own = await printers.ListAsync(new PrinterQuery { Owner = caller.Owner, Limit = 2 }, ct).ConfigureAwait(false);
            if (own.Total == 1)
                id = own.Items[0].Id;
        }
        return id is null ? null : await PrinterEndpoints.Visible(id, http, printers, ct).ConfigureAwait(false);
    }

    /// <summary>Every printer the key may see.</summary>
    public static async Task<IReadOnlyList<Printer>> VisibleAsync(HttpContext http, PrinterDirectory printers, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var all = await printers.AllAsync(new PrinterQuery { Owner = caller.Role == ApiRole.Maker ? caller.Owner : null }, ct).ConfigureAwait(false);
        return all.Where(caller.CanSee).ToList();
    }
}
