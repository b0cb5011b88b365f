using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Profiles;

/// <summary>Checks an analysed G-code file against what a firmware profile lets a job contain.</summary>
public static class JobFileValidator
{
    /// <summary>The problems that keep this file from being sent as a job on this firmware; empty when it may.</summary>
    public static IReadOnlyList<string> Check(GcodeAnalysis analysis, FirmwareProfile profile)
    {
        var problems = new List<string>();
        if (analysis.Commands == 0)
            problems.Add("the file holds no G-code commands");
        if (analysis.LongestCommandLength > profile.MaxCommandLength)
        {
            problems.Add($"line {analysis.LongestCommandLine}: a command of {analysis.LongestCommandLength} characters is longer than "
                         + $"{profile.DisplayName} accepts ({profile.MaxCommandLength})");
        }
        var forbidden = profile.ForbiddenCommands
            .Where(word => analysis.CommandWords.ContainsKey(word.ToUpperInvariant()))
            .ToList();
        if (forbidden.Count > 0)
            problems.Add($"the file contains {string.Join(", ", forbidden)}, which a job may not send to {profile.DisplayName}");
        return problems;
    }
}
