using System.Data.Common;
using PrintFarm.Farm.Jobs;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string JobColumns =
        "id, design_id, variant_id, requester, node, parts, priority, needed_by, state, printer_id, attempts, failed_printers, good_parts, "
        + "created_at, updated_at, started_at, target_printer_id, target_site";

    private static readonly BulkStatement JobInsert = new("jobs",
    [
        BulkColumn.Integer("id"), BulkColumn.Text("design_id"), BulkColumn.Text("variant_id"), BulkColumn.Text("requester"), BulkColumn.Text("node"),
        BulkColumn.Integer("parts"), BulkColumn.Integer("priority"), BulkColumn.Integer("needed_by"), BulkColumn.Text("state"),
        BulkColumn.Text("printer_id"), BulkColumn.Integer("attempts"), BulkColumn.Text("failed_printers"), BulkColumn.Integer("good_parts"),
        BulkColumn.Integer("created_at"), BulkColumn.Integer("updated_at"), BulkColumn.Integer("started_at"),
        BulkColumn.Text("target_printer_id"), BulkColumn.Text("target_site"),
    ], BulkMode.Insert);

    private static readonly BulkStatement JobUpdate = new("jobs",
    [
        BulkColumn.Integer("id"), BulkColumn.Text("state"), BulkColumn.Text("printer_id"), BulkColumn.Integer("attempts"),
        BulkColumn.Text("failed_printers"), BulkColumn.Integer("good_parts"), BulkColumn.Integer("updated_at"), BulkColumn.Integer("started_at"),
        BulkColumn.Integer("priority"), BulkColumn.Integer("needed_by"), BulkColumn.Text("variant_id"), BulkColumn.Integer("parts"),
    ], BulkMode.Update);

    public async Task<IReadOnlyList<long>> InsertJobsAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default)
    {
        var ids = await InsertJobsCoreAsync(jobs, cancellationToken);
        _changed.Jobs(jobs.Select((j, i) => j with { Id = ids[i] }));
        return ids;
    }

    public async Task<IReadOnlyList<long>> ReserveJobIdsAsync(int count, CancellationToken cancellationToken = default)
    {
        if (count <= 0)
            return [];
        if (_dialect != SqlDialect.Sqlite)
            return await ReserveIdsAsync("jobs", count, cancellationToken);
        // SQLite gives a new row the largest rowid plus one; BEGIN IMMEDIATE keeps every other writer out until commit.
        await using var command = Command("SELECT COALESCE(MAX(id), 0) FROM jobs");
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        var ids = new long[count];
        for (var i = 0; i < count; i++)
            ids[i] = last + 1 + i;
        return ids;
    }

    public async Task<Job?> GetJobAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {JobColumns} FROM jobs WHERE id = @id{_dialect.LockRows}", ReadJob, cancellationToken, ("@id", id))).FirstOrDefault();

    public async Task<IReadOnlyList<Job>> ListJobsAsync(IReadOnlyCollection<JobState> states, CancellationToken cancellationToken = default)
    {
        var where = states.Count == 0 ? "" : $" WHERE state IN ({string.Join(", ", states.Select(s => $"'{StoredNames.Of(s)}'"))})";
        return await QueryAsync($"SELECT {JobColumns} FROM jobs{where} ORDER BY id", ReadJob, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountActiveJobsPerRequesterAsync(CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT requester, COUNT(*) FROM jobs WHERE state IN ('assigned', 'printing', 'paused') GROUP BY requester",
            r => (Requester: r.GetString(0), Count: (int)r.GetInt64(1)), cancellationToken))
        .ToDictionary(r => r.Requester, r => r.Count, StringComparer.Ordinal);

    public async Task<IReadOnlyList<Job>> LockQueuedJobsAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {JobColumns} FROM jobs WHERE state = 'queued' ORDER BY id{_dialect.SkipLocked}", ReadJob, cancellationToken);

    public Task UpdateJobsAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default)
    {
        _changed.Jobs(jobs);
        return WriteRowsAsync(JobUpdate, jobs,
            j => [j.Id, StoredNames.Of(j.State), j.PrinterId, (long)j.Attempts, string.Join(',', j.FailedPrinters), (long?)j.GoodParts,
                Ms(j.UpdatedAt), Ms(j.StartedAt), (long)j.Priority, Ms(j.NeededBy), j.VariantId, (long)j.Parts],
            cancellationToken);
    }

    private async Task<IReadOnlyList<long>> InsertJobsCoreAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        if (jobs.Count == 0)
            return [];
        // Ids reserved by the caller are kept. Otherwise SQLite hands out each new rowid as it inserts; PostgreSQL
        // reserves the ids first, so the rows can go in as one statement.
        List<long>? reserved;
        if (jobs[0].Id != 0)
        {
            if (jobs.Any(j => j.Id == 0))
                throw new ArgumentException("Either every job of a batch carries a reserved id or none does.", nameof(jobs));
            reserved = jobs.Select(j => j.Id).ToList();
        }
        else
        {
            if (jobs.Any(j => j.Id != 0))
                throw new ArgumentException("Either every job of a batch carries a reserved id or none does.", nameof(jobs));
            reserved = _dialect == SqlDialect.Sqlite ? null : await ReserveIdsAsync("jobs", jobs.Count, cancellationToken);
        }
        var rows = jobs.Select((job, i) => (Job: job, Id: reserved?[i])).ToList();
        var ids = await WriteRowsAsync(JobInsert, rows,
            x => [x.Id, x.Job.DesignId, x.Job.VariantId, x.Job.Requester, x.Job.Node, (long)x.Job.Parts, (long)x.Job.Priority, Ms(x.Job.NeededBy),
                StoredNames.Of(x.Job.State), x.Job.PrinterId, (long)x.Job.Attempts, string.Join(',', x.Job.FailedPrinters), (long?)x.Job.GoodParts,
                Ms(x.Job.CreatedAt), Ms(x.Job.UpdatedAt), Ms(x.Job.StartedAt), x.Job.TargetPrinterId, x.Job.TargetSite],
            cancellationToken, returnIds: reserved is null);
        return reserved ?? ids;
    }

    /// <summary>PostgreSQL: takes <paramref name="count"/> ids from the table's identity sequence, in ascending order.</summary>
    private async Task<List<long>> ReserveIdsAsync(string table, int count, CancellationToken cancellationToken)
    {
        // The sequence is looked up once: as an argument of nextval, pg_get_serial_sequence and the cast of its text to
        // regclass would run again for every row, which costs several times the nextval itself.
        var ids = await QueryAsync(
            $"SELECT nextval(q.s) FROM (SELECT pg_get_serial_sequence('{table}', 'id')::regclass AS s OFFSET 0) AS q CROSS JOIN generate_series(1, @n)",
            r => r.GetInt64(0), cancellationToken, ("@n", count));
        ids.Sort();
        return ids;
    }

    internal static Job ReadJob(DbDataReader r)
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
            TargetPrinterId = NullableString(r, 16),
            TargetSite = NullableString(r, 17),
        };
    }
}
