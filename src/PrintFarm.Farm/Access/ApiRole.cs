namespace PrintFarm.Farm.Access;

/// <summary>What an API key may do; the HTTP API decides what each role allows.</summary>
public enum ApiRole
{
    Admin,
    Staff,

    /// <summary>Acts for one maker (<see cref="ApiKey.Owner"/>), on that maker's printers.</summary>
    Maker,

    Viewer,
}
