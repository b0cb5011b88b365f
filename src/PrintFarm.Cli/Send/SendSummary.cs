using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PrintFarm.Printing.Protocol;

namespace PrintFarm.Cli.Send;

/// <summary>What <c>send</c> reports at the end: lines, bytes, time, rate, resends, errors.</summary>
internal sealed record SendSummary(
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("lines")] long Lines,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("lines_per_s")] double LinesPerSecond,
    [property: JsonPropertyName("resends")] long Resends,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("profile")] string? Profile,
    [property: JsonPropertyName("reason")] string? Reason)
{
    public static SendSummary From(JobResult result, PrinterSession session)
    {
        var p = result.Progress;
        var seconds = Math.Round(p.Elapsed.TotalSeconds, 4);
        return new SendSummary(
            result.Outcome.ToString().ToLowerInvariant(),
            p.LinesAcknowledged,
            p.BytesSent,
            seconds,
            seconds > 0 ? Math.Round(p.LinesAcknowledged / seconds, 1) : 0,
            p.Resends,
            p.Errors,
            session.Profile?.Name,
            result.Reason);
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"{Result}: {Lines} lines, {Bytes} bytes in {Seconds:0.00} s ({LinesPerSecond:0} lines/s), {Resends} resends, {Errors} firmware errors, profile {Profile}");
}
