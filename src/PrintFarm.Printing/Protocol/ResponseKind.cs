namespace PrintFarm.Printing.Protocol;

/// <summary>What a line from the firmware is.</summary>
public enum ResponseKind
{
    Other,
    Ok,
    Resend,
    Error,
    Busy,
    Wait,
    Temperature,
    FirmwareInfo,
    Capability,
    Start,
    Echo,
    Info,
}
