namespace PrintFarm.Printing.Protocol;

/// <summary>Where a printer session stands.</summary>
public enum SessionState
{
    Disconnected,
    Connecting,
    Ready,
    Printing,
    Paused,

    /// <summary>The firmware halted or reported a fatal error; only emergency stop and reset are sent.</summary>
    Faulted,

    /// <summary>The link vanished (USB unplugged, socket closed). A job is never resumed blindly.</summary>
    Interrupted,

    Closed,
}
