using System.Text.Json;
namespace PrintFarm.Wire;

/// <summary>
/// JSON for MQTT payloads: the API's naming, unknown fields refused, and a size limit checked before parsing,
/// so a malformed or oversized message is a clear <see cref="MqttPayloadException"/>, never a crash.
/// </summary>
public static class MqttJson
{
    /// <summary>The largest payload the contract's JSON messages may have.</summary>
    public const int MaxPayloadBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Options = WireNames.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static byte[] Serialize<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message, Options);

    public static T Parse<T>(ReadOnlySpan<byte> payload) where T : class
    {
        if (payload.Length > MaxPayloadBytes)
            throw new MqttPayloadException($"payload of {payload.Length} bytes is over the {MaxPayloadBytes}-byte limit");
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Options) ?? throw new MqttPayloadException("payload is JSON null");
        }
        catch (JsonException ex)
        {
            throw new MqttPayloadException($"malformed {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}

/// <summary>An MQTT message that does not follow the contract: logged and dropped.</summary>
public sealed class MqttPayloadException : Exception
{
    public MqttPayloadException()
    {
    }

    public MqttPayloadException(string message)
        : base(message)
    {
    }

    public MqttPayloadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
