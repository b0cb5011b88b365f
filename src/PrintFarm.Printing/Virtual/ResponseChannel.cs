using System.Globalization;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Where the firmware writes its answers: the current run's transmitter, or nowhere between runs (a
/// board talking to an unplugged cable).
/// </summary>
internal sealed class ResponseChannel
{
    private IResponseSink? _target;

    public void Attach(IResponseSink? target) => _target = target;

    public void Send(string line, long at) => _target?.Send(line, at);

    public void Send(string format, object? argument, long at) =>
        Send(string.Format(CultureInfo.InvariantCulture, format, argument), at);
}
