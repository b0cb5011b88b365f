namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Turns complete received lines into queued commands: fault injection, the dialect's line checks,
/// the line-number bookkeeping, and the error and resend replies for a refused line.
/// </summary>
internal sealed class LineIntake
{
    private readonly DialectProfile _profile;
    private readonly ResponseChannel _output;
    private readonly VirtualPrinterStats _stats;
    private readonly LineCorrupter _corrupter;
    private readonly FaultInjector _faults;

    public LineIntake(VirtualPrinterOptions options, DialectProfile profile, ResponseChannel output, VirtualPrinterStats stats, FaultInjector faults)
    {
        _faults = faults;
        _profile = profile;
        _output = output;
        _stats = stats;
        _corrupter = new LineCorrupter(options.CorruptProbability, options.Seed, options.CorruptBodyOnly);
    }

    /// <summary>The last good line number (Marlin's <c>last_N</c>); the next numbered line must be one more.</summary>
    public long LastLine { get; set; }

    /// <summary>
    /// Checks a line. Returns the command to queue, or null when the line was refused, in which case the
    /// answer has been sent and <paramref name="flushReceiveBuffer"/> says whether to empty the ring.
    /// </summary>
    public QueuedCommand? Take(string line, long now, out bool flushReceiveBuffer)
    {
        flushReceiveBuffer = false;
        if (_corrupter.TryCorrupt(line, out var received))
            _stats.LineCorrupted();
        var check = LineValidator.Check(received, LastLine, _profile);
        if (check.Result != LineCheck.Accepted)
        {
            flushReceiveBuffer = _profile.FlushesReceiveBufferOnError;
            Refuse(check.Result, now);
            return null;
        }
        if (check.LineNumber is { } number)
            LastLine = number;
        return new QueuedCommand(check.Command, CommandText.Code(check.Command), check.LineNumberText);
    }

    /// <summary>The command in a line, without any checks, for a halted firmware that only looks for its reset.</summary>
    public static string Unframed(string line) => LineValidator.Check(line, 0, OtherDialects.Klipper).Command;

    private void Refuse(LineCheck reason, long now)
    {
        _stats.LineRefused();
        if (_profile.LineErrorReply == LineErrorReply.Silent)
            return;
        if (_profile.LineErrorReply == LineErrorReply.ErrorThenResend)
        {
            var error = reason switch
            {
                LineCheck.LineNumberMismatch => _profile.LineNumberError,
                LineCheck.ChecksumMismatch => _profile.ChecksumError,
                LineCheck.MissingChecksum => _profile.NoChecksumError,
                _ => _profile.NoLineNumberError,
            };
            _output.Send(error, LastLine, now);
        }
        var wanted = _faults.ResendAhead() ? LastLine + 2 : LastLine + 1;
        if (!_faults.DropResend())
            _output.Send(_profile.ResendFormat, wanted, now);
        _stats.ResendRequested();
        if (_profile.OkAfterResend)
            _output.Send("ok", now);
    }
}
