namespace PrintFarm.Printing.Virtual;

/// <summary>Commands Marlin's emergency parser acts on as soon as their line has arrived.</summary>
internal enum EmergencyCommand
{
    None,

    /// <summary>Stop waiting for heating or for the user.</summary>
    M108,

    /// <summary>Kill: halt at once.</summary>
    M112,

    /// <summary>Quick stop: throw away the planned moves.</summary>
    M410,
}
