namespace PrintFarm.Wire;

/// <summary>
/// The MQTT contract, version 1 (design/ARCHITECTURE.md, "MQTT contract"). Every topic lives under a prefix,
/// <c>printfarm/v1</c> unless configured otherwise.
/// </summary>
public sealed class Topics
{
    public const string DefaultPrefix = "printfarm/v1";

    public Topics(string prefix = DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        Prefix = prefix.TrimEnd('/');
    }

    public string Prefix { get; }

    /// <summary>Retained <c>true</c>/<c>false</c>; the broker publishes <c>false</c> as the agent's last will.</summary>
    public string Online(string agentId) => $"{Prefix}/agents/{agentId}/online";

    /// <summary>Retained JSON <see cref="PrinterStateMessage"/>, published by the agent.</summary>
    public string State(string printerId) => $"{Prefix}/printers/{printerId}/state";

    /// <summary>QoS 1 JSON <see cref="PrinterEventMessage"/>, published by the agent.</summary>
    public string Events(string printerId) => $"{Prefix}/printers/{printerId}/events";

    /// <summary>QoS 1 JSON <see cref="CommandMessage"/>, published by the coordinator.</summary>
    public string Commands(string printerId) => $"{Prefix}/printers/{printerId}/commands";

    /// <summary>JSON <see cref="AckMessage"/>, published by the agent.</summary>
    public string Acks(string printerId) => $"{Prefix}/printers/{printerId}/acks";

    /// <summary>Raw G-code lines to a serial-to-MQTT bridge (coordinator to bridge).</summary>
    public string GcodeTx(string printerId) => $"{Prefix}/printers/{printerId}/gcode/tx";

    /// <summary>Raw firmware lines from a serial-to-MQTT bridge (bridge to coordinator).</summary>
    public string GcodeRx(string printerId) => $"{Prefix}/printers/{printerId}/gcode/rx";

    /// <summary>Splits <c>{prefix}/printers/{id}/{leaf}</c> (leaf may be <c>gcode/rx</c>); false for any other topic.</summary>
    public bool TryParsePrinterTopic(string topic, out string printerId, out string leaf)
    {
        printerId = leaf = "";
        var head = Prefix + "/printers/";
        if (topic is null || !topic.StartsWith(head, StringComparison.Ordinal))
            return false;
        var rest = topic.AsSpan(head.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
            return false;
        printerId = rest[..slash].ToString();
        leaf = rest[(slash + 1)..].ToString();
        return true;
    }

    /// <summary>Splits <c>{prefix}/agents/{id}/online</c>.</summary>
    public bool TryParseOnlineTopic(string topic, out string agentId)
    {
        agentId = "";
        var head = Prefix + "/agents/";
        if (topic is null || !topic.StartsWith(head, StringComparison.Ordinal) || !topic.EndsWith("/online", StringComparison.Ordinal))
            return false;
        var id = topic[head.Length..^"/online".Length];
        if (id.Length == 0 || id.Contains('/', StringComparison.Ordinal))
            return false;
        agentId = id;
        return true;
    }

    /// <summary>An id is safe in a topic: no MQTT wildcards, separators or control characters.</summary>
    public static bool IsSafeId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 128 && !id.Any(c => c is '/' or '+' or '#' or '\0' || char.IsControl(c) || char.IsWhiteSpace(c));

    /// <summary>What a topic prefix must look like, for the coordinator and the agent alike.</summary>
    public const string PrefixRule = "levels separated by /, none empty, no wildcards, spaces or leading / or $, such as " + DefaultPrefix;

    /// <summary>
    /// A prefix both sides can build topics under: levels separated by <c>/</c> (one trailing <c>/</c> is dropped), none
    /// empty, no <c>+</c> or <c>#</c>, no spaces or control characters, and not starting with <c>$</c> (the broker's own
    /// topics) or <c>/</c>.
    /// </summary>
    public static bool IsValidPrefix(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix) || prefix.StartsWith('$') || prefix.StartsWith('/'))
            return false;
        var trimmed = prefix.EndsWith('/') ? prefix[..^1] : prefix;
        return trimmed.Split('/').All(level => level.Length > 0 && !level.Any(c => c is '+' or '#' || char.IsControl(c) || char.IsWhiteSpace(c)));
    }
}
