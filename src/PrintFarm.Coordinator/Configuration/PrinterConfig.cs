using PrintFarm.Printing.Connection;
namespace PrintFarm.Coordinator.Configuration;

/// <summary>A printer this coordinator drives itself.</summary>
public sealed class PrinterConfig
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public string Site { get; set; } = "";

    /// <summary>The collection node its parts go to; the site's id when unset.</summary>
    public string? Node { get; set; }

    /// <summary>Who owns it: a lab's id or a maker's name (makers see only their own printers).</summary>
    public string? Owner { get; set; }

    /// <summary><c>lab</c> or <c>maker</c>.</summary>
    public string OwnerKind { get; set; } = "lab";

    /// <summary><c>/dev/ttyACM0</c>, <c>tcp://HOST:PORT</c>, <c>mqtt</c> for a serial-to-MQTT bridge, or <c>virtual</c> for an in-process virtual printer.</summary>
    public string Port { get; set; } = "";

    public int Baud { get; set; } = 115200;

    /// <summary>
    /// For <c>port: mqtt</c>: the MQTT login (agent id) of the serial-to-MQTT bridge next to the printer. The broker
    /// lets that login use only this printer's <c>gcode</c> topics; the coordinator drives the printer itself.
    /// </summary>
    public string? Bridge { get; set; }

    /// <summary>Firmware profile (<c>marlin</c>, <c>prusa</c>, <c>klipper</c>, ...).</summary>
    public string Profile { get; set; } = "marlin";

    public double BedXMm { get; set; }

    public double BedYMm { get; set; }

    public double NozzleMm { get; set; } = 0.4;

    public string Material { get; set; } = "PLA";

    /// <summary>
    /// A belt printer or an auto-eject script clears its own bed: a finished plate is reported with all its parts
    /// good and the printer is ready again at once. Leave off for printers someone must look at.
    /// </summary>
    public bool AutoClearBed { get; set; }

    /// <summary>For <c>port: virtual</c>: how the simulated board behaves.</summary>
    public VirtualConfig? Virtual { get; set; }

    /// <summary>Where its link goes, for the printer-link code.</summary>
    public LinkTarget ToLinkTarget() => new(Id, Port, Baud, Virtual);

    public bool IsVirtual => string.Equals(Port, "virtual", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>port: mqtt</c>: a serial-to-MQTT bridge, driven line by line over <c>…/gcode/tx</c> and <c>…/gcode/rx</c>.</summary>
    public bool IsMqtt => string.Equals(Port, "mqtt", StringComparison.OrdinalIgnoreCase);
}
