namespace PrintFarm.Farm;

/// <summary>Settings of the farm core. Bound once at start; the defaults suit one fab lab.</summary>
public sealed class FarmOptions
{
    /// <summary>Folder for the SQLite file and the G-code files (stored by sha256).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>PostgreSQL connection string; when set, the store is PostgreSQL instead of SQLite.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Attempts a job gets before it fails for good.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Printers of one site that may heat up at once (staggered starts).</summary>
    public int MaxHeatingPerSite { get; set; } = 4;

    /// <summary>Per-site overrides of <see cref="MaxHeatingPerSite"/>.</summary>
    public IDictionary<string, int> HeatingLimits { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>How long after its start a printer counts as heating.</summary>
    public TimeSpan HeatUpTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A failure this recent ranks a printer lower in dispatch.</summary>
    public TimeSpan RecentFailureWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Largest quantity one demand may ask for.</summary>
    public int MaxDemandQuantity { get; set; } = 1_000_000;

    /// <summary>The heating limit of <paramref name="site"/>.</summary>
    public int HeatingLimitFor(string site) => HeatingLimits.TryGetValue(site, out var limit) ? limit : MaxHeatingPerSite;

    /// <summary><c>$PRINTFARM_DATA</c>, else <c>~/.local/share/printfarm</c> (the platform's local application data).</summary>
    public static string DefaultDataDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PRINTFARM_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return fromEnvironment;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "printfarm");
    }
}
