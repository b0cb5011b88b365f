using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Live;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Farm.Printers;
using PrintFarm.Printing.Protocol;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Tests.Printers;

/// <summary>The printers grid written from kept bytes reads exactly as the serializer would write it.</summary>
public sealed class PrinterJsonTests
{
    private static readonly JsonSerializerOptions Json = WireNames.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static Printer NewPrinter(string id, PrinterState state = PrinterState.Ready, long? jobId = null) => new()
    {
        Id = id,
        Name = "Prusa by the window",
        OwnerKind = OwnerKind.Lab,
        Owner = "ateneu-poblenou",
        Site = "poblenou",
        Node = "node-a",
        LinkKind = LinkKind.Local,
        LinkAddress = "/dev/ttyACM0",
        Capabilities = new PrinterCapabilities { BedXMm = 250, BedYMm = 210, NozzleMm = 0.4, Material = "PLA", Profile = "prusa" },
        State = state,
        CurrentJobId = jobId,
    };

    private static LiveSnapshot Printing(long jobId, double progress) => new(SessionState.Printing,
        new TemperatureReport([new TemperatureReading("tool0", 214.8, 215), new TemperatureReading("bed", 60.1, 60)]), jobId, progress,
        TimeSpan.FromMinutes(3), 1200, 2, null);

    private static async Task<(string Body, HttpResponse Response)> RunAsync(IResult result)
    {
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;
        await result.ExecuteAsync(http);
        return (System.Text.Encoding.UTF8.GetString(body.ToArray()), http.Response);
    }

    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(3, 3)]
    [TestCase(2, 12345)]
    public async Task A_page_is_byte_for_byte_what_the_serializer_writes(int count, long total)
    {
        var live = new LiveStatusBoard();
        var printers = Enumerable.Range(0, count).Select(i => NewPrinter($"p-{i}", i % 2 == 0 ? PrinterState.Printing : PrinterState.NeedsBedClear, i % 2 == 0 ? 40 + i : null)).ToList();
        foreach (var p in printers.Where(p => p.CurrentJobId is not null))
            live.For(p.Id).Set(Printing(p.CurrentJobId!.Value, 0.41234567));
        var json = new PrinterJson(Json);

        var (body, response) = await RunAsync(json.Page(printers, total, live));

        var expected = JsonSerializer.Serialize(new ListResult<PrinterView>(printers.Select(p => PrinterView.From(p, live.Find(p.Id))).ToList(), total), Json);
        Assert.That(body, Is.EqualTo(expected));
        Assert.That(response.ContentLength, Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(expected)));
        Assert.That(response.ContentType, Does.StartWith("application/json"));
    }

    [Test]
    public void A_printer_is_written_again_only_when_its_row_or_its_live_status_changes()
    {
        var live = new LiveStatusBoard();
        var json = new PrinterJson(Json);
        var printer = NewPrinter("p-1", PrinterState.Printing, 7);
        live.For("p-1").Set(Printing(7, 0.25));

        var first = json.Of(printer, live.Find("p-1"));
        Assert.That(json.Of(printer, live.Find("p-1")), Is.SameAs(first), "nothing changed: the kept bytes");

        live.For("p-1").Set(Printing(7, 0.5));
        var moved = json.Of(printer, live.Find("p-1"));
        Assert.That(moved, Is.Not.SameAs(first));
        Assert.That(JsonDocument.Parse(moved).RootElement.GetProperty("job").GetProperty("progress").GetDouble(), Is.EqualTo(0.5));

        var paused = printer with { State = PrinterState.Paused };
        var again = json.Of(paused, live.Find("p-1"));
        Assert.That(JsonDocument.Parse(again).RootElement.GetProperty("state").GetString(), Is.EqualTo("paused"));
    }
}
