using System.Text.RegularExpressions;

namespace PrintFarm.Printing.Profiles;

/// <summary>The loaded profiles, and detection of one from an M115 reply.</summary>
public sealed class ProfileCatalog
{
    private readonly List<(FirmwareProfile Profile, Regex[] Patterns)> _entries;

    public ProfileCatalog(IEnumerable<FirmwareProfile> profiles)
    {
        _entries = profiles
            .Select(p => (p, p.Detect.Select(d => new Regex(d, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToArray()))
            .ToList();
    }

    public IReadOnlyList<FirmwareProfile> Profiles => _entries.Select(e => e.Profile).ToList();

    /// <summary>Loads the shipped profiles from <see cref="ProfileLoader.DefaultDirectory"/>.</summary>
    public static ProfileCatalog LoadDefault() => new(ProfileLoader.LoadDirectory(ProfileLoader.DefaultDirectory()));

    public FirmwareProfile Get(string name) =>
        _entries.Select(e => e.Profile).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ProfileException($"unknown firmware profile \"{name}\"; known: {string.Join(", ", _entries.Select(e => e.Profile.Name))}");

    /// <summary>The profile whose pattern matches the M115 reply, or null.</summary>
    public FirmwareProfile? Detect(string m115Reply)
    {
        foreach (var (profile, patterns) in _entries)
        {
            if (patterns.Any(p => p.IsMatch(m115Reply)))
                return profile;
        }
        return null;
    }
}
