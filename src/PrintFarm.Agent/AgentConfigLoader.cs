using PrintFarm.Wire.Configuration;

namespace PrintFarm.Agent;

/// <summary>
/// Reads the agent's JSON file, then <c>PRINTFARM_AGENT__...</c> environment variables over it
/// (<c>PRINTFARM_AGENT__BROKER</c>, <c>PRINTFARM_AGENT__PRINTERS__0__PORT</c>), binds strictly (an unknown key is an
/// error) and validates. Every problem is reported at once, each naming its key.
/// </summary>
public static class AgentConfigLoader
{
    public const string EnvironmentPrefix = "PRINTFARM_AGENT__";

    private static readonly Dictionary<string, string> TypeNames = new(StringComparer.Ordinal)
    {
        [nameof(AgentPrinterConfig)] = "printer",
        [nameof(AgentOptions)] = "agent config",
    };

    public static AgentOptions Load(string? path, IDictionary<string, string?>? overrides = null, IEnumerable<string>? knownProfiles = null)
    {
        var configuration = ConfigJson.Read(path, EnvironmentPrefix, overrides, problem => new AgentConfigException([problem]), out var baseDirectory);

        var options = StrictBinder.Bind<AgentOptions>(configuration, problems => new AgentConfigException(problems), TypeNames);
        options.BaseDirectory = baseDirectory;
        if (options.DataDirectory is { Length: > 0 } data)
            options.DataDirectory = Path.GetFullPath(data, baseDirectory);
        var problems = AgentOptionsValidator.Validate(options, knownProfiles);
        if (problems.Count > 0)
            throw new AgentConfigException(problems);
        return options;
    }
}
