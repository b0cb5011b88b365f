namespace PrintFarm.Farm.Access;

/// <summary>What an API key may do; the HTTP API decides what each role allows.</summary>
public enum ApiRole
{
    Admin,
    Staff,

    /// <summary>Acts for one maker (<see cref="ApiKey.Owner"/>), on that maker's printers.</summary>
    Maker,

    Viewer,

    /// <summary>
    /// An agent next to home printers (<see cref="ApiKey.Owner"/> is the agent's id): its MQTT password, and its
    /// key for downloading the G-code of jobs sent to its printers. Nothing else.
    /// </summary>
    Agent,
}
