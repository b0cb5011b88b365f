namespace PrintFarm.Printing.Protocol;

/// <summary>
/// Learns at run time whether the firmware prints <c>ok</c> after a resend request (Marlin 2.1 does,
/// Marlin 2.0.9, Smoothieware and <c>rs</c> builds do not). It keeps a ledger between two points where
/// the books are known to be exact: the answer to an M105 probe settles every line sent before it.
/// Between two such points the firmware printed one ok per line it processed, plus one per resend
/// request if it answers those with ok. So the oks received, less the lines settled, divided by the
/// resend requests received, is 1 or 0. Anything else (a lost or doubled ok meanwhile) proves nothing.
/// Two agreeing readings in a row decide; the profile's value is only the first guess.
/// </summary>
internal sealed class ResendOkDetector(bool initialGuess, bool overridden)
{
    private const int ReadingsToDecide = 2;
    private readonly bool _overridden = overridden;
    private long _oks;
    private long _settled;
    private long _resends;
    private bool? _lastReading;
    private int _agreeing;

    /// <summary>What the session currently believes.</summary>
    public bool OkAfterResend { get; private set; } = initialGuess;

    /// <summary>True once readings have confirmed the belief, or when the user fixed it.</summary>
    public bool Confirmed { get; private set; } = overridden;

    public void Ok() => _oks++;

    public void Settled(int lines) => _settled += lines;

    public void ResendRequest() => _resends++;

    /// <summary>Starts a new ledger (after the handshake, or when a sync point turned out not to be one).</summary>
    public void Reset()
    {
        _oks = 0;
        _settled = 0;
        _resends = 0;
    }

    /// <summary>The books are exact now. Returns true when the belief changed.</summary>
    public bool Sync()
    {
        var reading = Read(_oks - _settled, _resends);
        Reset();
        if (_overridden || reading is not { } value)
            return false;
        _agreeing = value == _lastReading ? _agreeing + 1 : 1;
        _lastReading = value;
        if (_agreeing < ReadingsToDecide)
            return false;
        Confirmed = true;
        if (value == OkAfterResend)
            return false;
        OkAfterResend = value;
        return true;
    }

    /// <summary>One reading of the ledger: true (ok after each resend), false (none), or null (no evidence).</summary>
    public static bool? Read(long extraOks, long resends) =>
        resends <= 0 ? null
        : extraOks == resends ? true
        : extraOks == 0 ? false
        : null;
}
