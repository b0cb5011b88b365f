using PrintFarm.Printing.Profiles;

namespace PrintFarm.Cli.Send;

/// <summary>The parsed options of one <c>printfarm send</c>.</summary>
internal sealed record SendRequest(
    string Port,
    int Baud,
    string Profile,
    FlowControl? Flow,
    bool? OkAfterResend,
    string? ProfilesDirectory,
    bool Json,
    string File,
    bool Verbose = false);
