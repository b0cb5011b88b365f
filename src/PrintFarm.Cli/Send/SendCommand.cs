using System.CommandLine;
using PrintFarm.Printing.Profiles;

namespace PrintFarm.Cli.Send;

/// <summary><c>printfarm send</c>: stream one G-code file to one printer, like printcore, but faster and exact.</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var port = new Option<string>("--port", "-p") { Description = "Serial device path, or tcp://HOST:PORT for ser2net/ESP3D", Required = true };
        var baud = new Option<int>("--baud", "-b") { Description = "Baud rate", DefaultValueFactory = _ => 250000 };
        var profile = new Option<string>("--profile") { Description = "Firmware profile: auto (from M115) or a name in firmware-profiles/", DefaultValueFactory = _ => "auto" };
        var flow = new Option<string>("--flow") { Description = "Flow control: auto (the profile's), ok (send-on-ok) or window (character counting)", DefaultValueFactory = _ => "auto" };
        flow.AcceptOnlyFromAmong("auto", "ok", "window");
        var okAfterResend = new Option<bool?>("--ok-after-resend") { Description = "Override whether the firmware sends ok after a resend request (Marlin 2.0.9: false)" };
        var profilesDir = new Option<string?>("--profiles-dir") { Description = "Folder of firmware profiles (default: the shipped firmware-profiles/)" };
        var json = new Option<bool>("--json") { Description = "End with one JSON summary line" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log everything the session does to stderr, the wire transcript included" };
        var file = new Argument<FileInfo>("FILE") { Description = "G-code file (.gcode or .gcode.gz)" };
        var command = new Command("send", "Stream one G-code file to one printer and wait until the firmware has acknowledged the last command")
        {
            port, baud, profile, flow, okAfterResend, profilesDir, json, verbose, file,
        };
        command.SetAction((parse, ct) =>
        {
            var request = new SendRequest(
                parse.GetValue(port)!,
                parse.GetValue(baud),
                parse.GetValue(profile)!,
                parse.GetValue(flow) switch { "ok" => FlowControl.Ok, "window" => FlowControl.Window, _ => null },
                parse.GetValue(okAfterResend),
                parse.GetValue(profilesDir),
                parse.GetValue(json),
                parse.GetValue(file)!.FullName,
                parse.GetValue(verbose));
            return new SendRunner(request, Console.Out, Console.Error).RunAsync(ct);
        });
        return command;
    }
}
