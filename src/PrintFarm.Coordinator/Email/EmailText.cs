using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PrintFarm.Coordinator.Email;

/// <summary>
/// The words of notification e-mails, as pure functions of an event's kind and its data (the same JSON a webhook
/// gets): one line per event, a subject per batch, and the plain-text body. English only, for now.
/// </summary>
public static class EmailText
{
    /// <summary>The most events a message lists; the rest are counted.</summary>
    public const int MaxLines = 100;

    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["job.started"] = "job started",
        ["job.completed"] = "job completed",
        ["job.failed"] = "job failed",
        ["job.interrupted"] = "job interrupted",
        ["printer.needs-bed-clear"] = "printer needs its bed cleared",
        ["printer.error"] = "printer error",
        ["printer.offline"] = "printer offline",
        ["demand.met"] = "demand met",
        ["demand.at-risk"] = "demand at risk of missing its date",
        ["parts.rejected"] = "parts rejected at a collection node",
    };

    /// <summary>What a kind is called in a subject: <c>printer needs its bed cleared</c>.</summary>
    public static string Title(string kind) => Titles.GetValueOrDefault(kind, kind);

    /// <summary><c>[PrintFarm] printer needs its bed cleared</c>, or <c>[PrintFarm] 3 x printer needs its bed cleared</c>.</summary>
    public static string Subject(string kind, int count) =>
        count == 1 ? $"[PrintFarm] {Title(kind)}" : $"[PrintFarm] {count.ToString(CultureInfo.InvariantCulture)} x {Title(kind)}";

    /// <summary>One event as a line of text, with the time in UTC.</summary>
    public static string Line(string kind, DateTimeOffset at, JsonElement data)
    {
        var time = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return $"{time}  {What(kind, data)}";
    }

    /// <summary>The message's text: a line per event (at most <see cref="MaxLines"/>), then how many more, then where to look.</summary>
    public static string Body(string kind, IReadOnlyList<string> lines, int total, Uri dashboard)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Title(kind)}: {total.ToString(CultureInfo.InvariantCulture)}\n\n");
        foreach (var line in lines.Take(MaxLines))
            text.Append(line).Append('\n');
        if (total > Math.Min(lines.Count, MaxLines))
            text.Append(CultureInfo.InvariantCulture, $"... and {(total - Math.Min(lines.Count, MaxLines)).ToString(CultureInfo.InvariantCulture)} more\n");
        text.Append(CultureInfo.InvariantCulture, $"\nThe farm's dashboard: {dashboard}\n");
        text.Append("You get at most one message of each kind every few minutes; events in between come together in the next.\n");
        return text.ToString();
    }

    private static string What(string kind, JsonElement d) => kind switch
    {
        "job.started" => $"job {S(d, "id")} ({Plate(d)}) started on {S(d, "printerId")}",
        "job.completed" => $"job {S(d, "id")} ({Plate(d)}) completed on {S(d, "printerId")}",
        "job.failed" => $"job {S(d, "id")} ({Plate(d)}) failed on {S(d, "printerId")}, attempt {S(d, "attempts")}",
        "job.interrupted" => $"job {S(d, "id")} ({Plate(d)}) was interrupted on {S(d, "printerId")}",
        "printer.needs-bed-clear" => $"{Printer(d)} needs its bed cleared",
        "printer.error" => $"{Printer(d)} is in error",
        "printer.offline" => $"{Printer(d)} has been offline for {S(d, "minutes")} minutes",
        "demand.met" => $"demand {S(d, "id")}: {S(d, "requester")} has all {S(d, "quantity")} {S(d, "designId")} at node {S(d, "node")}",
        "demand.at-risk" => $"demand {S(d, "id")}: {S(d, "requester")}'s {S(d, "quantity")} {S(d, "designId")} will miss {Time(d, "neededBy")}"
                            + (Time(d, "eta") is { Length: > 0 } eta && eta != "?" ? $" (projected {eta})" : " (no printer can make them now)"),
        "parts.rejected" => $"{S(d, "count")} {S(d, "designId")} for {S(d, "requester")} rejected at node {S(d, "node")} by {S(d, "by")}",
        _ => kind,
    };

    private static string Plate(JsonElement d) => $"{S(d, "parts")} {S(d, "designId")} for {S(d, "requester")}";

    private static string Printer(JsonElement d)
    {
        var id = S(d, "id");
        var name = S(d, "name");
        var site = S(d, "site");
        var who = name != "?" && name != id ? $"{name} ({id})" : id;
        return site != "?" ? $"{who} at {site}" : who;
    }

    private static string Time(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "?";

    /// <summary>A field as text, without line breaks or control characters (the line is one line); <c>?</c> when absent.</summary>
    private static string S(JsonElement d, string name)
    {
        if (d.ValueKind != JsonValueKind.Object || !d.TryGetProperty(name, out var v))
            return "?";
        var text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "?",
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            _ => "?",
        };
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return clean.Length > 200 ? clean[..200] : clean;
    }
}
