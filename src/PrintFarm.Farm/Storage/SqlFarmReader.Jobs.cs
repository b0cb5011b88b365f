using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public Task<Page<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter()
            .Equal("design_id", query.DesignId)
            .Equal("requester", query.Requester);
        if (query.States is { Count: > 0 } states)
        {
            var stored = states.Distinct().Select(s => (object?)StoredNames.Of(s)).ToArray();
            filter.Where($"state IN ({string.Join(", ", stored.Select((_, i) => $"{{{i}}}"))})", stored);
        }
        if (query.PrinterId is { } printerId)
            filter.Where("(printer_id = {0} OR target_printer_id = {1})", printerId, printerId);
        if (query.PrinterOwner is { } owner)
        {
            // Two index lookups joined by UNION rather than an OR over the whole table.
            filter.Where(
                "id IN (SELECT j.id FROM jobs j JOIN printers p ON p.id = j.printer_id WHERE p.owner = {0} "
                + "UNION SELECT j.id FROM jobs j JOIN printers p ON p.id = j.target_printer_id WHERE p.owner = {1})",
                owner, owner);
        }
        return PageAsync(SqlFarmTransaction.JobColumns, "jobs", filter, "id DESC", query.Limit, query.Offset, SqlFarmTransaction.ReadJob, cancellationToken);
    }

    public Task<Job?> GetJobAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {SqlFarmTransaction.JobColumns} FROM jobs WHERE id = @id", SqlFarmTransaction.ReadJob, cancellationToken, ("@id", id));
}
