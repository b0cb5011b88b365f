using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Nodes;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Jobs;

/// <summary><c>/api/jobs</c>: plates to print. Staff may queue prints outside any demand (stock) and cancel queued ones.</summary>
internal static class JobEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Jobs");
        group.MapGet("/", ListAsync).WithSummary("Jobs, filtered by state (comma-separated), printerId, designId or requester; newest first");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One job with progress, times, attempts, good parts and its events");
        group.MapPost("/", QueueAsync).RequireAuthorization(AuthSetup.Staff).WithSummary("Queue prints directly, as stock (staff)");
        group.MapDelete("/{id:long}", CancelAsync).RequireAuthorization(AuthSetup.Write).WithSummary("Cancel a job that has not started");
    }

    private static async Task<IResult> ListAsync(HttpContext http, IFarmReader reader, LiveStatusBoard live, TimeProvider time, CancellationToken ct)
    {
        var paging = PageRequest.From(http.Request);
        var page = await reader.ListJobsAsync(Filters(http) with { Limit = paging.Limit, Offset = paging.Offset }, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return Results.Ok(new ListResult<JobView>(page.Items.Select(j => JobView.From(j, j.PrinterId is null ? null : live.Find(j.PrinterId), now)).ToList(), page.Total));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext http, IFarmReader reader, LiveStatusBoard live, TimeProvider time, CancellationToken ct)
    {
        var job = await VisibleAsync(id, http, reader, ct).ConfigureAwait(false);
        var events = await reader.ListAuditAsync($"job:{id}", 200, ct).ConfigureAwait(false);
        var view = JobView.From(job, job.PrinterId is null ? null : live.Find(job.PrinterId), time.GetUtcNow());
        return Results.Ok(new JobDetail(view, events.Select(e => new JobEventView(e.At, e.Action, e.Actor, e.Details)).ToList()));
    }

    private static async Task<IResult> QueueAsync(QueueJobRequest body, HttpContext http, DirectJobs directJobs, IFarmReader reader, TimeProvider time, CancellationToken ct)
    {
        await KnownNodes.RequireAsync(reader, body.Node, ct).ConfigureAwait(false);
        var ids = await directJobs.QueueAsync(new DirectJobRequest
        {
            DesignId = body.DesignId,
            VariantId = body.VariantId,
            Copies = body.Copies,
            TargetSite = body.Site,
            TargetPrinterId = body.PrinterId,
            Node = body.Node,
            Priority = body.Priority,
        }, Caller.From(http).Actor, ct).ConfigureAwait(false);
        var jobs = new List<JobView>();
        foreach (var jobId in ids)
        {
            if (await reader.GetJobAsync(jobId, ct).ConfigureAwait(false) is { } job)
                jobs.Add(JobView.From(job, null, time.GetUtcNow()));
        }
        return Results.Created(ids.Count > 0 ? $"/api/jobs/{ids[0]}" : "/api/jobs", new ListResult<JobView>(jobs, jobs.Count));
    }

    private static async Task<IResult> CancelAsync(long id, HttpContext http, IFarmReader reader, TimeProvider time, JobLifecycle lifecycle, CancellationToken ct)
    {
        var job = await VisibleAsync(id, http, reader, ct).ConfigureAwait(false);
        var caller = Caller.From(http);
        if (!caller.IsStaff && job.PrinterId is null && job.TargetPrinterId is null)
            return Forbidden.Because($"job {id} is not on one of your printers; only staff cancel the farm's queued work");
        if (job.State is JobState.Printing or JobState.Paused)
            throw new FarmConflictException($"job {id} is printing; cancel it on its printer: POST /api/printers/{job.PrinterId}/actions/cancel");
        var cancelled = await lifecycle.CancelAsync(id, caller.Actor, ct).ConfigureAwait(false);
        return Results.Ok(JobView.From(cancelled, null, time.GetUtcNow()));
    }

    /// <summary>The job, or 404 when unknown or, for a maker, not on (or aimed at) one of their printers.</summary>
    /// <summary>The list's filters from the query string, scoped to the caller: a maker sees their own printers' jobs, a per-printer key that printer's.</summary>
    internal static JobQuery Filters(HttpContext http)
    {
        var caller = Caller.From(http);
        return new JobQuery
        {
            States = Query.Enums<JobState>(http.Request, "state"),
            PrinterId = caller.PrinterId ?? Query.Text(http.Request, "printerId"),
            DesignId = Query.Text(http.Request, "designId"),
            Requester = Query.Text(http.Request, "requester"),
            PrinterOwner = caller.Role == ApiRole.Maker ? caller.Owner : null,
        };
    }

    private static async Task<Job> VisibleAsync(long id, HttpContext http, IFarmReader reader, CancellationToken ct)
    {
        var job = await reader.GetJobAsync(id, ct).ConfigureAwait(false) ?? throw new FarmNotFoundException($"unknown job {id}");
        var caller = Caller.From(http);
        if (caller.Role == ApiRole.Maker || caller.PrinterId is not null)
        {
            var printerId = job.PrinterId ?? job.TargetPrinterId;
            var printer = printerId is null ? null : await reader.GetPrinterAsync(printerId, ct).ConfigureAwait(false);
            if (printer is null || !caller.CanSee(printer))
                throw new FarmNotFoundException($"unknown job {id}");
        }
        return job;
    }
}

public sealed record QueueJobRequest
{
    public string? DesignId { get; init; }

    public string? VariantId { get; init; }

    /// <summary>Parts wanted; rounded up to whole plates.</summary>
    public required int Copies { get; init; }

    public string? Site { get; init; }

    public string? PrinterId { get; init; }

    /// <summary>Where the parts go; the target printer's or site's node when unset.</summary>
    public string? Node { get; init; }

    public int Priority { get; init; }
}

public sealed record JobEventView(DateTimeOffset At, string Action, string Actor, string Details);

/// <summary>A job with its events, newest first.</summary>
public sealed record JobDetail : JobView
{
    public JobDetail(JobView view, IReadOnlyList<JobEventView> events)
        : base(view) => Events = events;

    public IReadOnlyList<JobEventView> Events { get; }
}
