using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Coordinator.Printers;

/// <summary>
/// Each printer's JSON as the API shows it (<see cref="PrinterView"/>), kept until its stored row or its live status
/// changes. Both are immutable and replaced whole on every change, so "changed" is a reference comparison, and a page of
/// the printers grid is a copy of kept bytes: a busy farm re-serialises a printer about once per progress report, not
/// once per request.
/// </summary>
public sealed class PrinterJson
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly JsonSerializerOptions _json;

    public PrinterJson(JsonSerializerOptions json) => _json = json;

    /// <summary>The printer's JSON object, UTF-8.</summary>
    public byte[] Of(Printer printer, LiveSnapshot? live)
    {
        ArgumentNullException.ThrowIfNull(printer);
        if (_entries.TryGetValue(printer.Id, out var kept) && ReferenceEquals(kept.Printer, printer) && ReferenceEquals(kept.Live, live))
            return kept.Json;
        var json = JsonSerializer.SerializeToUtf8Bytes(PrinterView.From(printer, live), _json);
        _entries[printer.Id] = new Entry(printer, live, json);
        return json;
    }

    /// <summary>A page of printers as <c>{"items": [...], "total": N}</c>, written from the kept bytes.</summary>
    public IResult Page(IReadOnlyList<Printer> items, long total, LiveStatusBoard live) => new PageResult(this, items, total, live);

    /// <summary>One printer, as <c>GET /api/printers/{id}</c> answers it.</summary>
    public IResult One(Printer printer, LiveStatusBoard live) => Results.Bytes(Of(printer, live.Find(printer.Id)), "application/json; charset=utf-8");

    /// <summary>One printer with <c>idleReasons</c>: why it has no job (<see cref="PrintFarm.Farm.Scheduling.IdleReasons"/>).</summary>
    public IResult One(Printer printer, LiveStatusBoard live, IReadOnlyList<PrintFarm.Farm.Scheduling.IdleReason> idle)
    {
        ArgumentNullException.ThrowIfNull(live);
        var json = Of(printer, live.Find(printer.Id));
        var reasons = JsonSerializer.SerializeToUtf8Bytes(idle, _json);
        // The kept object, its closing brace replaced by the reasons.
        var key = ",\"idleReasons\":"u8;
        var joined = new byte[json.Length - 1 + key.Length + reasons.Length + 1];
        json.AsSpan(0, json.Length - 1).CopyTo(joined);
        var at = json.Length - 1;
        key.CopyTo(joined.AsSpan(at));
        at += key.Length;
        reasons.CopyTo(joined.AsSpan(at));
        at += reasons.Length;
        joined[at] = (byte)'}';
        return Results.Bytes(joined, "application/json; charset=utf-8");
    }

    private sealed record Entry(Printer Printer, LiveSnapshot? Live, byte[] Json);

    private sealed class PageResult(PrinterJson json, IReadOnlyList<Printer> items, long total, LiveStatusBoard live) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var objects = new byte[items.Count][];
            var length = "{\"items\":[],\"total\":}"u8.Length + Math.Max(0, objects.Length - 1) + Digits(total);
            for (var i = 0; i < objects.Length; i++)
            {
                objects[i] = json.Of(items[i], live.Find(items[i].Id));
                length += objects[i].Length;
            }
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = length;
            var body = response.BodyWriter;
            body.Write("{\"items\":["u8);
            for (var i = 0; i < objects.Length; i++)
            {
                if (i > 0)
                    body.Write(","u8);
                body.Write(objects[i]);
            }
            body.Write("],\"total\":"u8);
            var span = body.GetSpan(20);
            Utf8Formatter.TryFormat(total, span, out var written);
            body.Advance(written);
            body.Write("}"u8);
            return body.FlushAsync(httpContext.RequestAborted).AsTask();
        }

        private static int Digits(long value) => value == 0 ? 1 : (int)Math.Floor(Math.Log10(value)) + 1;
    }
}
