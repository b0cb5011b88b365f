using System.Data.Common;
using PrintFarm.Farm.Jobs;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    private const string JobColumns =
        "id, design_id, variant_id, requester, node, parts, priority, needed_by, state, printer_id, attempts, failed_printers, good_parts, "
        + "created_at, updated_at, started_at";

    private static readonly string[] JobInsertNames =
        ["@design", "@variant", "@requester", "@node", "@parts", "@priority", "@needed", "@state", "@printer", "@attempts", "@failed", "@good", "@created", "@updated", "@started"];

    private static readonly string[] JobUpdateNames =
        ["@id", "@state", "@printer", "@attempts", "@failed", "@good", "@updated", "@started", "@priority", "@needed"];

    public Task<IReadOnlyList<long>> InsertJobsAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default) =>
        InsertJobsCoreAsync(jobs, cancellationToken);

    public async Task<Job?> GetJobAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {JobColumns} FROM jobs WHERE id = @id{_dialect.LockRows}", ReadJob, cancellationToken, ("@id", id))).FirstOrDefault();

    public async Task<IReadOnlyList<Job>> ListJobsAsync(IReadOnlyCollection<JobState> states, CancellationToken cancellationToken = default)
    {
        var where = states.Count == 0 ? "" : $" WHERE state IN ({string.Join(", ", states.Select(s => $"'{StoredNames.Of(s)}'"))})";
        return await QueryAsync($"SELECT {JobColumns} FROM jobs{where} ORDER BY id", ReadJob, cancellationToken);
    }

    public async Task<IReadOnlyList<Job>> LockQueuedJobsAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {JobColumns} FROM jobs WHERE state = 'queued' ORDER BY id{_dialect.SkipLocked}", ReadJob, cancellationToken);

    public Task UpdateJobsAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default) =>
        ExecuteBatchAsync(
            "UPDATE jobs SET state = @state, printer_id = @printer, attempts = @attempts, failed_printers = @failed, good_parts = @good, "
            + "updated_at = @updated, started_at = @started, priority = @priority, needed_by = @needed WHERE id = @id",
            JobUpdateNames, jobs,
            j => [j.Id, StoredNames.Of(j.State), j.PrinterId, (long)j.Attempts, string.Join(',', j.FailedPrinters), (long?)j.GoodParts,
                Ms(j.UpdatedAt), Ms(j.StartedAt), (long)j.Priority, Ms(j.NeededBy)],
            returnsId: false, cancellationToken);

    private async Task<IReadOnlyList<long>> InsertJobsCoreAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken) =>
        await ExecuteBatchAsync(
            "INSERT INTO jobs (design_id, variant_id, requester, node, parts, priority, needed_by, state, printer_id, attempts, failed_printers, "
            + "good_parts, created_at, updated_at, started_at) VALUES (@design, @variant, @requester, @node, @parts, @priority, @needed, @state, "
            + "@printer, @attempts, @failed, @good, @created, @updated, @started) RETURNING id",
            JobInsertNames, jobs,
            j => [j.DesignId, j.VariantId, j.Requester, j.Node, (long)j.Parts, (long)j.Priority, Ms(j.NeededBy), StoredNames.Of(j.State),
                j.PrinterId, (long)j.Attempts, string.Join(',', j.FailedPrinters), (long?)j.GoodParts, Ms(j.CreatedAt), Ms(j.UpdatedAt), Ms(j.StartedAt)],
            returnsId: true, cancellationToken);

    private static Job ReadJob(DbDataReader r)
    {
        var failed = r.GetString(11);
        return new Job
        {
            Id = r.GetInt64(0),
            DesignId = r.GetString(1),
            VariantId = r.GetString(2),
            Requester = r.GetString(3),
            Node = r.GetString(4),
            Parts = (int)r.GetInt64(5),
            Priority = (int)r.GetInt64(6),
            NeededBy = NullableAt(r, 7),
            State = StoredNames.Parse<JobState>(r.GetString(8)),
            PrinterId = NullableString(r, 9),
            Attempts = (int)r.GetInt64(10),
            FailedPrinters = failed.Length == 0 ? [] : failed.Split(','),
            GoodParts = (int?)NullableLong(r, 12),
            CreatedAt = At(r.GetInt64(13)),
            UpdatedAt = At(r.GetInt64(14)),
            StartedAt = NullableAt(r, 15),
        };
    }
}
