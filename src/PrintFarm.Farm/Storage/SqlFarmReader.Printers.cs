using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public Task<Page<Printer>> ListPrintersAsync(PrinterQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter()
            .Equal("state", query.State is { } state ? StoredNames.Of(state) : null)
            .Equal("site", query.Site)
            .Equal("owner", query.Owner);
        return PageAsync(SqlFarmTransaction.PrinterColumns, "printers", filter, "id", query.Limit, query.Offset, SqlFarmTransaction.ReadPrinter, cancellationToken);
    }

    public Task<Printer?> GetPrinterAsync(string id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {SqlFarmTransaction.PrinterColumns} FROM printers WHERE id = @id", SqlFarmTransaction.ReadPrinter, cancellationToken, ("@id", id));
}
