using PrintFarm.Printing.Protocol;

namespace PrintFarm.Printing.Tests.Protocol;

public class ResponseParserTests
{
    [TestCase("ok", ResponseKind.Ok)]
    [TestCase("ok N10 P15 B3", ResponseKind.Ok)]
    [TestCase("ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0", ResponseKind.Ok)]
    [TestCase("ok B:60.0 /60.0 T0:210.0 /210.0", ResponseKind.Ok)]
    [TestCase("Resend: 42", ResponseKind.Resend)]
    [TestCase("Resend:42", ResponseKind.Resend)]
    [TestCase("resend 42", ResponseKind.Resend)]
    [TestCase("rs N42", ResponseKind.Resend)]
    [TestCase("rs 42", ResponseKind.Resend)]
    [TestCase("Error:checksum mismatch, Last Line: 41", ResponseKind.Error)]
    [TestCase("Error: Bad command", ResponseKind.Error)]
    [TestCase("!! Move out of range: 0.000 0.000 500.000 [0.000]", ResponseKind.Error)]
    [TestCase("echo:busy: processing", ResponseKind.Busy)]
    [TestCase("echo:busy: paused for user", ResponseKind.Busy)]
    [TestCase("busy: processing", ResponseKind.Busy)]
    [TestCase("wait", ResponseKind.Wait)]
    [TestCase(" T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0", ResponseKind.Temperature)]
    [TestCase("T:150.23 /210.00 B:60.00 /60.00 @:127 B@:0 W:?", ResponseKind.Temperature)]
    [TestCase("FIRMWARE_NAME:Marlin 2.1.2 (Jun 1 2023) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0", ResponseKind.FirmwareInfo)]
    [TestCase("Cap:AUTOREPORT_TEMP:1", ResponseKind.Capability)]
    [TestCase("start", ResponseKind.Start)]
    [TestCase("echo:Unknown command: \"G999\"", ResponseKind.Echo)]
    [TestCase("// Klipper state: Ready", ResponseKind.Info)]
    [TestCase("okay then", ResponseKind.Other)]
    [TestCase("rsx", ResponseKind.Other)]
    public void Classify_RealFirmwareLines_GivesKind(string line, ResponseKind expected)
    {
        Assert.That(ResponseParser.Classify(line), Is.EqualTo(expected));
    }

    [TestCase("Resend: 42", 42)]
    [TestCase("Resend:42", 42)]
    [TestCase("Resend: N42", 42)]
    [TestCase("resend 42", 42)]
    [TestCase("rs N42", 42)]
    [TestCase("rs N:42", 42)]
    [TestCase("rs 42", 42)]
    [TestCase("Resend: 123456789", 123456789)]
    public void TryParseResend_Dialects_ReadsNumber(string line, long expected)
    {
        Assert.That(ResponseParser.TryParseResend(line, out var n), Is.True);
        Assert.That(n, Is.EqualTo(expected));
    }

    [TestCase("Resend:")]
    [TestCase("Resend: abc")]
    [TestCase("ok")]
    public void TryParseResend_NoNumber_False(string line)
    {
        Assert.That(ResponseParser.TryParseResend(line, out _), Is.False);
    }

    [TestCase("ok N10 P15 B3", true, 10, 15, 3)]
    [TestCase("ok N0 P16 B4", true, 0, 16, 4)]
    [TestCase("ok", false, -1, -1, -1)]
    [TestCase("ok T:210.00 /210.00", false, -1, -1, -1)]
    [TestCase("ok P15 B3", false, -1, 15, 3)]
    public void TryParseAdvancedOk_Table(string line, bool ok, long n, int p, int b)
    {
        var result = ResponseParser.TryParseAdvancedOk(line, out var ln, out var pf, out var bf);
        Assert.That(result, Is.EqualTo(ok));
        if (ok)
            Assert.That((ln, pf, bf), Is.EqualTo((n, p, b)));
    }

    [TestCase("Error:Thermal Runaway, system stopped! Heater_ID: 0", "Thermal Runaway, system stopped! Heater_ID: 0")]
    [TestCase("Error: Heater 1 fault", "Heater 1 fault")]
    [TestCase("!! Shutdown due to webhooks request", "Shutdown due to webhooks request")]
    public void ErrorMessage_StripsPrefix(string line, string expected)
    {
        Assert.That(ResponseParser.ErrorMessage(line), Is.EqualTo(expected));
    }
}
