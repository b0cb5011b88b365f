namespace PrintFarm.Printing.Virtual;

/// <summary>How a firmware answers a line that fails its checks.</summary>
internal enum LineErrorReply
{
    /// <summary><c>Error:&lt;reason&gt;, Last Line: n</c> then the resend request (Marlin, Prusa).</summary>
    ErrorThenResend,

    /// <summary>Only the resend request (Smoothieware's <c>rs N</c>).</summary>
    ResendOnly,

    /// <summary>Nothing at all; the line is dropped (RepRapFirmware).</summary>
    Silent,
}
