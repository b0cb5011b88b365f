using System.Text.Json.Serialization;

namespace PrintFarm.Printing.Profiles;

/// <summary>How many commands may be on their way to the firmware.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlowControl>))]
public enum FlowControl
{
    /// <summary>Strict send-on-ok: one command in flight.</summary>
    Ok,

    /// <summary>Character counting: unacknowledged bytes never exceed the receive ring.</summary>
    Window,
}
