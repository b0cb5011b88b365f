using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Tests.Support;

/// <summary>
/// The printer end of an in-memory wire, driven line by line by a test: it reads exactly what the
/// host wrote and answers whatever the test says.
/// </summary>
internal sealed class ScriptedFirmware(Stream printerEnd) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(printerEnd, Encoding.ASCII);

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The next raw line the host wrote.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        var line = await _reader.ReadLineAsync(cts.Token);
        return line ?? throw new EndOfStreamException("the host closed the wire");
    }

    /// <summary>The next line, unframed: (line number or -1, command).</summary>
    public async Task<(long Number, string Command)> ReadCommandAsync()
    {
        var raw = await ReadLineAsync();
        return LineFraming.TryUnframe(Encoding.ASCII.GetBytes(raw), out var n, out var cmd)
            ? (n, Encoding.ASCII.GetString(cmd))
            : (-1, raw);
    }

    public async Task SendAsync(params string[] lines)
    {
        foreach (var line in lines)
        {
            var bytes = Encoding.ASCII.GetBytes(line + "\n");
            await printerEnd.WriteAsync(bytes);
        }
        await printerEnd.FlushAsync();
    }

    /// <summary>Answers the handshake as a Marlin board would.</summary>
    public async Task HandshakeAsync(string firmwareName = "Marlin 2.1.2.1", bool autoreport = false, params string[] extraCaps)
    {
        Assert.That((await ReadCommandAsync()).Command, Is.EqualTo("M110 N0"));
        await SendAsync("ok");
        Assert.That((await ReadCommandAsync()).Command, Is.EqualTo("M115"));
        var lines = new List<string> { $"FIRMWARE_NAME:{firmwareName} (Jun 29 2023) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Test EXTRUDER_COUNT:1" };
        lines.Add($"Cap:AUTOREPORT_TEMP:{(autoreport ? 1 : 0)}");
        lines.AddRange(extraCaps.Select(c => $"Cap:{c}:1"));
        lines.Add("ok");
        await SendAsync([.. lines]);
        if (autoreport)
        {
            Assert.That((await ReadCommandAsync()).Command, Does.StartWith("M155 S"));
            await SendAsync("ok");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await printerEnd.DisposeAsync();
        _reader.Dispose();
    }
}
