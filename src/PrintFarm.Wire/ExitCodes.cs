namespace PrintFarm.Wire;

/// <summary>Process exit codes shared by the verbs.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The printer or link failed: halt, thermal error, disconnect, no answer.</summary>
    public const int PrinterFailed = 1;

    /// <summary>Bad input: a bad file, a bad option, a forbidden command. Nothing was sent.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by the user (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
