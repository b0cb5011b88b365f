namespace PrintFarm.Farm.Printers;

/// <summary>How the printer is reached. Farm never opens the link; it only records it.</summary>
public enum LinkKind
{
    /// <summary>A serial or TCP port driven by this coordinator.</summary>
    Local,

    /// <summary>A printer behind an agent over MQTT.</summary>
    Agent,
}
