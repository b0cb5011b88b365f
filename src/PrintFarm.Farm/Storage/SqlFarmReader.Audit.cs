using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string subject, int limit, CancellationToken cancellationToken = default)
    {
        if (limit < 1 || limit > Paging.MaxLimit)
            throw new FarmValidationException($"limit must be between 1 and {Paging.MaxLimit}, not {limit}");
        return await QueryAsync(SqlFarmTransaction.AuditBySubjectSql, SqlFarmTransaction.ReadAudit, cancellationToken, ("@s", subject), ("@limit", (long)limit));
    }

    public async Task<FarmCounts> GetCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _open(cancellationToken);
        var printers = Enum.GetValues<PrinterState>().ToDictionary(s => s, _ => 0L);
        foreach (var (state, count) in await QueryAsync(connection, "SELECT state, COUNT(*) FROM printers GROUP BY state",
            r => (StoredNames.Parse<PrinterState>(r.GetString(0)), r.GetInt64(1)), [], cancellationToken))
            printers[state] = count;
        var jobs = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        foreach (var (state, count) in await QueryAsync(connection, "SELECT state, COUNT(*) FROM jobs GROUP BY state",
            r => (StoredNames.Parse<JobState>(r.GetString(0)), r.GetInt64(1)), [], cancellationToken))
            jobs[state] = count;
        var parts = (await QueryAsync(connection,
            "SELECT CAST(COALESCE(SUM(printed + collected + passed + rejected + delivered), 0) AS BIGINT), "
            + "CAST(COALESCE(SUM(rejected), 0) AS BIGINT), CAST(COALESCE(SUM(delivered), 0) AS BIGINT) FROM ledger",
            r => (Good: r.GetInt64(0), Rejected: r.GetInt64(1), Delivered: r.GetInt64(2)), [], cancellationToken))[0];
        return new FarmCounts
        {
            PrintersByState = printers, JobsByState = jobs, GoodParts = parts.Good, RejectedParts = parts.Rejected, DeliveredParts = parts.Delivered,
        };
    }
}
