using PrintFarm.Coordinator.Live;
using PrintFarm.Farm.Jobs;

namespace PrintFarm.Coordinator.Jobs;

/// <summary>A job as the API shows it. Progress, elapsed and remaining time come from the printer's link while it prints.</summary>
public record JobView(
    long Id,
    JobState State,
    string? PrinterId,
    string DesignId,
    string VariantId,
    string Requester,
    string Node,
    int Parts,
    int Priority,
    DateTimeOffset? NeededBy,
    double Progress,
    double? ElapsedSeconds,
    double? RemainingSeconds,
    int Attempts,
    int? GoodParts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset UpdatedAt)
{
    public static JobView From(Job job, LiveSnapshot? live, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var running = job.State is JobState.Printing or JobState.Paused;
        var linked = running && live?.JobId == job.Id;
        double progress = job.State == JobState.Completed ? 1 : linked ? live!.Progress : 0;
        double? elapsed = linked ? live!.Elapsed.TotalSeconds : running && job.StartedAt is { } s ? (now - s).TotalSeconds : null;
        double? remaining = linked && progress is > 0.01 and < 1 ? elapsed * (1 - progress) / progress : null;
        return new JobView(job.Id, job.State, job.PrinterId, job.DesignId, job.VariantId, job.Requester, job.Node, job.Parts, job.Priority,
            job.NeededBy, Math.Round(progress, 4), elapsed is { } e ? Math.Round(e, 1) : null, remaining is { } r ? Math.Round(r, 1) : null,
            job.Attempts, job.GoodParts, job.CreatedAt, job.StartedAt, job.UpdatedAt);
    }
}
