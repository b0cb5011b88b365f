using PrintFarm.Wire.Configuration;

namespace PrintFarm.Coordinator.Configuration;

/// <summary>
/// Reads the JSON file, then <c>PRINTFARM__...</c> environment variables over it (<c>PRINTFARM__URLS</c>,
/// <c>PRINTFARM__PRINTERS__0__PORT</c>), binds strictly (an unknown key is an error, so a typo is never ignored)
/// and validates. Every problem is reported at once, each naming its key.
/// </summary>
public static class ServeConfigLoader
{
    public const string EnvironmentPrefix = "PRINTFARM__";

    public static ServeOptions Load(string? path, IDictionary<string, string?>? overrides = null)
    {
        var configuration = ConfigJson.Read(path, EnvironmentPrefix, overrides, problem => new ServeConfigException([problem]), out var baseDirectory);

        var options = StrictBinder.Bind<ServeOptions>(configuration, problems => new ServeConfigException(problems));
        options.BaseDirectory = baseDirectory;
        var problems = ServeOptionsValidator.Validate(options);
        if (problems.Count > 0)
            throw new ServeConfigException(problems);
        return options;
    }
}
