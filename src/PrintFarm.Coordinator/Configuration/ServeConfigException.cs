namespace PrintFarm.Coordinator.Configuration;

/// <summary>The configuration cannot run: one line per problem.</summary>
public sealed class ServeConfigException : Exception
{
    public ServeConfigException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    public ServeConfigException()
        : this([]) { }

    public ServeConfigException(string message)
        : this([message]) { }

    public ServeConfigException(string message, Exception inner)
        : base(message, inner) => Problems = [message];

    public IReadOnlyList<string> Problems { get; } = [];
}
