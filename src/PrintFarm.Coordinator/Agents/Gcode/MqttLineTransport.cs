using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Printing.Transports;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Agents.Gcode;

/// <summary>
/// G-code over MQTT, for a printer behind a serial-to-MQTT bridge: lines out on <c>…/printers/{id}/gcode/tx</c>
/// (QoS 1, in order, one line per message), firmware lines back on <c>…/gcode/rx</c> (a message may hold several
/// lines). The coordinator's own printer session drives it, with the same flow control and resend handling as a
/// serial port. Losing the broker ends the read sequence with a <see cref="TransportException"/>, as an unplugged
/// cable would.
/// </summary>
public sealed class MqttLineTransport : ILineTransport
{
    private readonly CoordinatorMqttOptions _options;
    private readonly Topics _topics;
    private readonly string _printerId;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StringBuilder _partial = new();
    private IMqttClient? _client;

    public MqttLineTransport(CoordinatorMqttOptions options, Topics topics, string printerId)
    {
        _options = options;
        _topics = topics;
        _printerId = printerId;
    }

    public string Endpoint => _topics.GcodeTx(_printerId).Replace("/gcode/tx", "/gcode", StringComparison.Ordinal);

    public async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            OnReceived(e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += e =>
        {
            _lines.Writer.TryComplete(new TransportException($"{Endpoint}: the broker connection dropped ({e.Reason})"));
            return Task.CompletedTask;
        };
        try
        {
            await client.ConnectAsync(_options.Build($"printfarm-gcode-{_printerId}-{Environment.ProcessId}"), cancellationToken).ConfigureAwait(false);
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(_topics.GcodeRx(_printerId), MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            client.Dispose();
            throw new TransportException($"{Endpoint}: cannot reach the broker: {ex.Message}", ex);
        }
        _client = client;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new TransportException($"{Endpoint} is not open");
        var rest = lines;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..(end + 1)];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            try
            {
                await client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(_topics.GcodeTx(_printerId))
                    .WithPayload(line.ToArray())
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new TransportException($"{Endpoint}: cannot publish: {ex.Message}", ex);
            }
        }
    }

    public async IAsyncEnumerable<string> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _lines.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_lines.Reader.TryRead(out var line))
                yield return line;
        }
    }

    private void OnReceived(ReadOnlySequence<byte> payload)
    {
        if (payload.Length > 64 * 1024)
            return; // Not a firmware line; a misbehaving bridge must not flood the session.
        var text = Encoding.UTF8.GetString(payload);
        lock (_partial)
        {
            foreach (var c in text)
            {
                if (c == '\n')
                {
                    _lines.Writer.TryWrite(_partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                }
                else if (_partial.Length < 4096)
                    _partial.Append(c);
            }
            // A bridge that sends one line per message without a newline: the message is the line.
            if (_partial.Length > 0 && !text.Contains('\n', StringComparison.Ordinal))
            {
                _lines.Writer.TryWrite(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        if (_client is { } client)
        {
            try
            {
                if (client.IsConnected)
                    await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Closing anyway.
            }
            client.Dispose();
        }
    }
}
