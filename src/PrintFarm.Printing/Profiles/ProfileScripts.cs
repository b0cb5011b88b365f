namespace PrintFarm.Printing.Profiles;

/// <summary>G-code sent on pause, resume and cancel (park, cool down).</summary>
public sealed record ProfileScripts
{
    public IReadOnlyList<string> Pause { get; init; } = [];
    public IReadOnlyList<string> Resume { get; init; } = [];
    public IReadOnlyList<string> Cancel { get; init; } = [];
}
