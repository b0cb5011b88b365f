using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http;

namespace PrintFarm.Coordinator.Api;

/// <summary>
/// A CSV download for a spreadsheet (the weekly report to the city): RFC 4180, UTF-8 with a byte-order mark so that
/// spreadsheet programs read accents right, invariant numbers and ISO 8601 UTC times (rows hold their times in UTC), and a cell that starts like a
/// formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>) escaped, so a requester named <c>=HYPERLINK(...)</c> stays text.
/// </summary>
public static class CsvFile
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        NewLine = "\r\n",
    };

    public static IResult Of<T>(IEnumerable<T> rows, string fileName) =>
        Results.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await using var csv = new CsvWriter(writer, Configuration);
            csv.Context.TypeConverterOptionsCache.GetOptions<DateTimeOffset>().Formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'"];
            csv.Context.TypeConverterOptionsCache.GetOptions<DateTimeOffset?>().Formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'"];
            await csv.WriteRecordsAsync(rows).ConfigureAwait(false);
        }, "text/csv; charset=utf-8", fileName);
}
