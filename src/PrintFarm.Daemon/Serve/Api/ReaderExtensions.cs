using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Daemon.Serve.Api;

/// <summary>Reads that need every row, a page at a time.</summary>
internal static class ReaderExtensions
{
    public static async Task<List<Printer>> AllPrintersAsync(this IFarmReader reader, PrinterQuery query, CancellationToken ct)
    {
        var all = new List<Printer>();
        for (long offset = 0; ; offset += Paging.MaxLimit)
        {
            var page = await reader.ListPrintersAsync(query with { Limit = Paging.MaxLimit, Offset = offset }, ct).ConfigureAwait(false);
            all.AddRange(page.Items);
            if (page.Items.Count < Paging.MaxLimit)
                return all;
        }
    }
}
