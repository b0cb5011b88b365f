namespace PrintFarm.Printing.Virtual;

/// <summary>Everything a <see cref="VirtualPrinter"/> can be told. Defaults match a stock AVR Marlin board.</summary>
public sealed record VirtualPrinterOptions
{
    /// <summary>Line speed in baud (10 bits a byte). 0 turns the per-byte wire time off.</summary>
    public int Baud { get; init; } = 250000;

    /// <summary>One-way latency added to every byte in both directions, in milliseconds (USB adapters: 1 to 16).</summary>
    public double LatencyMs { get; init; }

    /// <summary>Size of the firmware's serial receive ring. A byte arriving while it is full is dropped.</summary>
    public int RxBufferBytes { get; init; } = 128;

    /// <summary>Command queue depth (Marlin BUFSIZE). Serial is read only while a slot is free.</summary>
    public int QueueSlots { get; init; } = 4;

    /// <summary>Moves take time and go through a planner; without it every command is processed at once.</summary>
    public bool Motion { get; init; }

    /// <summary>Motion time is divided by this factor (10 runs a print ten times faster).</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>Planner depth (Marlin BLOCK_BUFFER_SIZE).</summary>
    public int PlannerSlots { get; init; } = 16;

    /// <summary>Probability, per received line, that one byte of it is altered before it is checked.</summary>
    public double CorruptProbability { get; init; }

    /// <summary>
    /// Corrupt only the command between the line number and the <c>*</c>. Smoothieware executes a line
    /// whose <c>N</c> or <c>*</c> was damaged without checking it, so no host can stream exactly through
    /// that fault; tests of its <c>rs</c> replies corrupt only what its checks can catch.
    /// </summary>
    public bool CorruptBodyOnly { get; init; }

    /// <summary>Faults of the line back to the host and of odd firmware builds (lost and doubled oks, noise, waits...).</summary>
    public LineFaults Faults { get; init; } = LineFaults.None;

    /// <summary>Seed for the corruption, so that a run can be repeated.</summary>
    public int Seed { get; init; }

    /// <summary>After this many executed commands, report a thermal runaway and halt.</summary>
    public int? HaltAfter { get; init; }

    /// <summary>After this many executed commands, drop the link as an unplugged USB port would.</summary>
    public int? DisconnectAfter { get; init; }

    /// <summary>The firmware to imitate.</summary>
    public VirtualPrinterDialect Dialect { get; init; } = VirtualPrinterDialect.Marlin;

    /// <summary>Answer <c>ok N&lt;n&gt; P&lt;planner free&gt; B&lt;queue free&gt;</c> (Marlin dialects only).</summary>
    public bool AdvancedOk { get; init; }

    /// <summary>Support and advertise M155 autoreport; null takes the dialect's default (on for Marlin and Prusa).</summary>
    public bool? AutoreportTemp { get; init; }

    /// <summary>Act on M112 (and M108, M410) as the bytes arrive, even with a full queue.</summary>
    public bool EmergencyParser { get; init; } = true;

    /// <summary>File that receives every executed command, one a line.</summary>
    public string? LogPath { get; init; }

    /// <summary>Writer that receives every executed command, one a line. Written from the firmware thread.</summary>
    public TextWriter? LogWriter { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        Require(Baud >= 0, nameof(Baud), "must be 0 or more");
        Require(LatencyMs >= 0 && double.IsFinite(LatencyMs), nameof(LatencyMs), "must be 0 or more");
        Require(RxBufferBytes >= 1, nameof(RxBufferBytes), "must be at least 1");
        Require(QueueSlots >= 1, nameof(QueueSlots), "must be at least 1");
        Require(TimeScale > 0 && double.IsFinite(TimeScale), nameof(TimeScale), "must be more than 0");
        Require(PlannerSlots >= 1, nameof(PlannerSlots), "must be at least 1");
        Require(CorruptProbability is >= 0 and <= 1, nameof(CorruptProbability), "must be between 0 and 1");
        Require(Faults is not null && Faults.IsValid, nameof(Faults), "must each be between 0 and 1");
        Require(HaltAfter is null or >= 0, nameof(HaltAfter), "must be 0 or more");
        Require(DisconnectAfter is null or >= 0, nameof(DisconnectAfter), "must be 0 or more");
        Require(Enum.IsDefined(Dialect), nameof(Dialect), "is not a known dialect");
    }

    private static void Require(bool condition, string name, string message)
    {
        if (!condition)
            throw new ArgumentException($"{name} {message}.", name);
    }
}
