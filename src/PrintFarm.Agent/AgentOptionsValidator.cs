using PrintFarm.Wire;
using PrintFarm.Wire.Configuration;

namespace PrintFarm.Agent;

/// <summary>Checks a bound agent configuration; each problem names its key, as <c>printers[1].port</c>.</summary>
public static class AgentOptionsValidator
{
    public static IReadOnlyList<string> Validate(AgentOptions options, IEnumerable<string>? knownProfiles = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ConfigProblems();
        void Check(bool ok, string message) => problems.Check(ok, message);

        if (string.IsNullOrWhiteSpace(options.AgentId))
            problems.Add("agentId: required (the agent's name at the coordinator, also its MQTT user name)");
        else
            Check(Topics.IsSafeId(options.AgentId), $"agentId: \"{options.AgentId}\" may not contain '/', '+', '#', spaces or control characters, and at most 128 characters");

        if (!BrokerAddress.TryParse(options.Broker, out var broker, out var brokerError))
            problems.Add($"broker: {brokerError}");
        else
        {
            Check(broker.Password is not null, "broker: no password; the agent key goes in the address: mqtt://AGENT_ID:AGENT_KEY@HOST:PORT");
            Check(broker.UserName is null || string.IsNullOrEmpty(options.AgentId) || broker.UserName == options.AgentId,
                $"broker: the user name \"{broker.UserName}\" is not the agent id \"{options.AgentId}\"");
            Check(broker.Port is > 0 and <= 65535, $"broker: port {broker.Port} is out of range");
        }

        if (string.IsNullOrWhiteSpace(options.Coordinator))
            problems.Add("coordinator: required (the coordinator's base URL, as http://10.0.0.2:5180)");
        else
            Check(Uri.TryCreate(options.Coordinator, UriKind.Absolute, out var coordinator) && coordinator.Scheme is "http" or "https",
                $"coordinator: \"{options.Coordinator}\" is not an http:// or https:// address");

        Check(Topics.IsValidPrefix(options.Prefix), $"prefix: \"{options.Prefix}\" is not a topic prefix ({Topics.PrefixRule})");
        problems.Annotations(options);

        Check(options.Printers.Count > 0, "printers: at least one printer is required");
        var profiles = knownProfiles?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Printers.Count; i++)
        {
            var p = options.Printers[i];
            var at = $"printers[{i}]";
            if (string.IsNullOrWhiteSpace(p.Id))
                problems.Add($"{at}.id: required (the printer's id at the coordinator)");
            else
            {
                Check(Topics.IsSafeId(p.Id), $"{at}.id: \"{p.Id}\" may not contain '/', '+', '#', spaces or control characters");
                Check(ids.Add(p.Id), $"{at}.id: \"{p.Id}\" is used twice");
            }
            problems.Link(at, p.Port, p.Baud, p.Virtual, allowMqtt: false);
            if (string.IsNullOrWhiteSpace(p.Profile))
                problems.Add($"{at}.profile: required (marlin, prusa, klipper, reprapfirmware or smoothieware)");
            else if (profiles is not null)
                Check(profiles.Contains(p.Profile), $"{at}.profile: \"{p.Profile}\" is not a known firmware profile ({string.Join(", ", profiles.Order(StringComparer.Ordinal))})");
        }
        return problems.All;
    }
}
