namespace PrintFarm.Agent;

/// <summary>The agent's configuration cannot run: one line per problem, each naming its key.</summary>
public sealed class AgentConfigException : Exception
{
    public AgentConfigException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    public AgentConfigException()
        : this([]) { }

    public AgentConfigException(string message)
        : this([message]) { }

    public AgentConfigException(string message, Exception inner)
        : base(message, inner) => Problems = [message];

    public IReadOnlyList<string> Problems { get; } = [];
}
