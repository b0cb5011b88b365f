using System.Data.Common;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string PrinterColumns =
        "id, owner_kind, owner, site, node, link_kind, link_address, bed_x_mm, bed_y_mm, nozzle_mm, material, profile, state, "
        + "current_job_id, bed_job_id, jobs_done, jobs_failed, parts, last_failure_at, registered_at, name";

    private static readonly BulkStatement PrinterRowUpdate = new("printers",
    [
        BulkColumn.Text("id"), BulkColumn.Text("state"), BulkColumn.Integer("current_job_id"), BulkColumn.Integer("bed_job_id"),
        BulkColumn.Integer("jobs_done"), BulkColumn.Integer("jobs_failed"), BulkColumn.Integer("parts"), BulkColumn.Integer("last_failure_at"),
        BulkColumn.Text("material"), BulkColumn.Real("nozzle_mm"), BulkColumn.Text("profile"), BulkColumn.Text("site"), BulkColumn.Text("node"),
        BulkColumn.Real("bed_x_mm"), BulkColumn.Real("bed_y_mm"), BulkColumn.Text("name"),
    ], BulkMode.Update);

    public async Task<Printer?> GetPrinterAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {PrinterColumns} FROM printers WHERE id = @id{_dialect.LockRows}", ReadPrinter, cancellationToken, ("@id", id)))
        .FirstOrDefault();

    public async Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {PrinterColumns} FROM printers ORDER BY id", ReadPrinter, cancellationToken);

    public async Task<IReadOnlyList<(PrinterCapabilities Capabilities, int Count)>> CountOnlinePrintersAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync(
            "SELECT profile, material, nozzle_mm, bed_x_mm, bed_y_mm, COUNT(*) FROM printers WHERE state NOT IN ('offline', 'maintenance') "
            + "GROUP BY profile, material, nozzle_mm, bed_x_mm, bed_y_mm",
            r => (new PrinterCapabilities
            {
                Profile = r.GetString(0), Material = r.GetString(1), NozzleMm = r.GetDouble(2), BedXMm = r.GetDouble(3), BedYMm = r.GetDouble(4),
            }, (int)r.GetInt64(5)),
            cancellationToken);

    public async Task<IReadOnlyList<Printer>> LockFreePrintersAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync(
            $"SELECT {PrinterColumns} FROM printers WHERE state = 'ready' AND current_job_id IS NULL ORDER BY id{_dialect.SkipLocked}",
            ReadPrinter, cancellationToken);

    public Task InsertPrinterAsync(Printer printer, CancellationToken cancellationToken = default)
    {
        _printersWritten.Add(AsStored(printer));
        _changed.Printer(AsStored(printer));
        return ExecuteAsync(
            $"INSERT INTO printers ({PrinterColumns}) VALUES (@id, @ok, @owner, @site, @node, @lk, @la, @bx, @by, @nozzle, @material, @profile, "
            + "@state, @current, @bed, @done, @failed, @parts, @lastfail, @registered, @name)",
            cancellationToken,
            ("@id", printer.Id), ("@ok", StoredNames.Of(printer.OwnerKind)), ("@owner", printer.Owner), ("@site", printer.Site),
            ("@node", printer.Node), ("@lk", StoredNames.Of(printer.LinkKind)), ("@la", printer.LinkAddress),
            ("@bx", printer.Capabilities.BedXMm), ("@by", printer.Capabilities.BedYMm), ("@nozzle", printer.Capabilities.NozzleMm),
            ("@material", printer.Capabilities.Material), ("@profile", printer.Capabilities.Profile), ("@state", StoredNames.Of(printer.State)),
            ("@current", printer.CurrentJobId), ("@bed", printer.BedJobId), ("@done", (long)printer.TrackRecord.JobsDone),
            ("@failed", (long)printer.TrackRecord.JobsFailed), ("@parts", printer.TrackRecord.Parts),
            ("@lastfail", Ms(printer.TrackRecord.LastFailureAt)), ("@registered", Ms(printer.RegisteredAt)), ("@name", NameOf(printer)));
    }

    public Task UpdatePrintersAsync(IReadOnlyList<Printer> printers, CancellationToken cancellationToken = default)
    {
        foreach (var p in printers)
        {
            _printersWritten.Add(AsStored(p));
            _changed.Printer(AsStored(p));
        }
        return WriteRowsAsync(PrinterRowUpdate, printers,
            p => [p.Id, StoredNames.Of(p.State), p.CurrentJobId, p.BedJobId, (long)p.TrackRecord.JobsDone, (long)p.TrackRecord.JobsFailed,
                p.TrackRecord.Parts, Ms(p.TrackRecord.LastFailureAt), p.Capabilities.Material, p.Capabilities.NozzleMm, p.Capabilities.Profile,
                p.Site, p.Node, p.Capabilities.BedXMm, p.Capabilities.BedYMm, NameOf(p)],
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountHeatingPerSiteAsync(DateTimeOffset startedAfter, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(
            "SELECT p.site, COUNT(*) FROM jobs j JOIN printers p ON p.id = j.printer_id "
            + "WHERE j.state = 'assigned' OR (j.state = 'printing' AND j.started_at > @after) GROUP BY p.site",
            r => (Site: r.GetString(0), Count: (int)r.GetInt64(1)), cancellationToken, ("@after", Ms(startedAfter)));
        return rows.ToDictionary(r => r.Site, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>The row as reading it back would give it: the stored name, and times to the millisecond.</summary>
    private static Printer AsStored(Printer p) => p with
    {
        Name = NameOf(p),
        RegisteredAt = At(Ms(p.RegisteredAt)),
        TrackRecord = p.TrackRecord with { LastFailureAt = Ms(p.TrackRecord.LastFailureAt) is { } ms ? At(ms) : null },
    };

    /// <summary>The stored name: the printer's id when it has none.</summary>
    private static string NameOf(Printer printer) => string.IsNullOrWhiteSpace(printer.Name) ? printer.Id : printer.Name;

    internal static Printer ReadPrinter(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(20),
        OwnerKind = StoredNames.Parse<OwnerKind>(r.GetString(1)),
        Owner = r.GetString(2),
        Site = r.GetString(3),
        Node = r.GetString(4),
        LinkKind = StoredNames.Parse<LinkKind>(r.GetString(5)),
        LinkAddress = r.GetString(6),
        Capabilities = new PrinterCapabilities
        {
            BedXMm = r.GetDouble(7),
            BedYMm = r.GetDouble(8),
            NozzleMm = r.GetDouble(9),
            Material = r.GetString(10),
            Profile = r.GetString(11),
        },
        State = StoredNames.Parse<PrinterState>(r.GetString(12)),
        CurrentJobId = NullableLong(r, 13),
        BedJobId = NullableLong(r, 14),
        TrackRecord = new TrackRecord
        {
            JobsDone = (int)r.GetInt64(15),
            JobsFailed = (int)r.GetInt64(16),
            Parts = r.GetInt64(17),
            LastFailureAt = NullableAt(r, 18),
        },
        RegisteredAt = At(r.GetInt64(19)),
    };
}
