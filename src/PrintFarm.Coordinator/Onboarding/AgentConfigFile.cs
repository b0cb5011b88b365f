using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrintFarm.Coordinator.Onboarding;

/// <summary>
/// An <c>agent.json</c> exactly as <c>printfarm agent --config</c> reads it (the agent's <c>AgentOptions</c>): the keys
/// it needs and no others. The ports are guesses from the printer's model; <c>ls /dev/serial/by-id/</c> names the real one.
/// </summary>
public sealed record AgentConfigFile(
    [property: JsonPropertyName("agentId")] string AgentId,
    [property: JsonPropertyName("broker")] string Broker,
    [property: JsonPropertyName("coordinator")] string Coordinator,
    [property: JsonPropertyName("printers")] IReadOnlyList<AgentConfigPrinter> Printers)
{
    /// <summary>Indented, as a person will open the file.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

public sealed record AgentConfigPrinter(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("port")] string Port,
    [property: JsonPropertyName("baud")] int Baud,
    [property: JsonPropertyName("profile")] string Profile);
