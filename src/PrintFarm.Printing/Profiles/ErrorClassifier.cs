using System.Text.RegularExpressions;

namespace PrintFarm.Printing.Profiles;

/// <summary>How bad an error line from the firmware is, by the profile's lists.</summary>
public enum ErrorSeverity
{
    NotAnError,
    Informational,
    Fatal,
}

/// <summary>Applies a profile's <c>errorPrefixes</c>, <c>nonFatalErrors</c> and <c>fatalErrors</c> to a line.</summary>
public sealed class ErrorClassifier
{
    private readonly FirmwareProfile _profile;
    private readonly Regex[] _fatal;
    private readonly Regex[] _nonFatal;

    public ErrorClassifier(FirmwareProfile profile)
    {
        _profile = profile;
        _fatal = profile.FatalErrors.Select(Compile).ToArray();
        _nonFatal = profile.NonFatalErrors.Select(Compile).ToArray();
    }

    private static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public bool IsErrorLine(string line)
    {
        foreach (var prefix in _profile.ErrorPrefixes)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    public ErrorSeverity Classify(string line)
    {
        if (!IsErrorLine(line))
            return ErrorSeverity.NotAnError;
        if (_fatal.Any(r => r.IsMatch(line)))
            return ErrorSeverity.Fatal;
        if (_nonFatal.Any(r => r.IsMatch(line)))
            return ErrorSeverity.Informational;
        return _profile.UnknownErrorsAreFatal ? ErrorSeverity.Fatal : ErrorSeverity.Informational;
    }
}
