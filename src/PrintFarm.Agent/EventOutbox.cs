using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PrintFarm.Wire;
namespace PrintFarm.Agent;

/// <summary>
/// One printer's events in the order they happened, waiting to be published. Each gets the agent run's
/// <see cref="Session"/> and the next <c>seq</c> (from 1) as it is added; the broker link takes them from the head, one
/// at a time, and removes each only once the broker has acknowledged it (QoS 1). While the broker is away they wait
/// here, and when it returns they go out first, before anything newer, with no gap and no reordering.
/// <para>
/// The queue is kept in memory and mirrored to a JSON-lines file in the data directory, so events not yet delivered
/// when the agent stops are delivered after it starts again (under their old session and seq). While a backlog
/// waits, a progress report replaces the progress report behind it instead of piling up; it keeps that one's seq.
/// </para>
/// </summary>
internal sealed partial class EventOutbox
{
    private const int CompactAfter = 128;

    private readonly Lock _lock = new();
    private readonly List<PrinterEventMessage> _queue = [];
    private readonly string _printerId;
    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private TaskCompletionSource _changed = NewSignal();
    private long _nextSeq = 1;
    private bool _headInFlight;
    private int _deliveredSinceCompaction;

    public EventOutbox(string printerId, string session, string? path, TimeProvider time, ILogger log)
    {
        _printerId = printerId;
        Session = session;
        _path = path;
        _time = time;
        _log = log;
        Load();
    }

    /// <summary>This run's session id; events left from an earlier run keep theirs.</summary>
    public string Session { get; }

    public int Count
    {
        get
        {
            lock (_lock)
                return _queue.Count;
        }
    }

    /// <summary>Adds an event at the tail with the next seq, and returns it.</summary>
    public PrinterEventMessage Add(string type, long? jobId, double? progress = null, int? goodParts = null, string? reason = null, long? linesSent = null, long? resends = null)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            PrinterEventMessage message;
            var tail = _queue.Count > 0 ? _queue[^1] : null;
            var tailInFlight = _queue.Count == 1 && _headInFlight;
            if (type == MessageTypes.Progress && tail is { Type: MessageTypes.Progress } && tail.Session == Session && tail.JobId == jobId && !tailInFlight)
            {
                message = tail with { Timestamp = now, Progress = progress, LinesSent = linesSent, Resends = resends };
                _queue[^1] = message;
            }
            else
            {
                message = new PrinterEventMessage(type, Session, _nextSeq++, jobId, now, progress, goodParts, reason, linesSent, resends);
                _queue.Add(message);
            }
            Append(message);
            Signal();
            return message;
        }
    }

    /// <summary>The oldest event not yet delivered; it stays at the head until <see cref="Delivered"/> or <see cref="Release"/>.</summary>
    public bool TryTake(out PrinterEventMessage message)
    {
        lock (_lock)
        {
            if (_queue.Count == 0)
            {
                message = null!;
                return false;
            }
            _headInFlight = true;
            message = _queue[0];
            return true;
        }
    }

    /// <summary>The broker acknowledged the head: it is removed.</summary>
    public void Delivered(PrinterEventMessage message)
    {
        lock (_lock)
        {
            _headInFlight = false;
            if (_queue.Count == 0 || _queue[0].Session != message.Session || _queue[0].Seq != message.Seq)
                return;
            _queue.RemoveAt(0);
            if (_queue.Count == 0 || ++_deliveredSinceCompaction >= CompactAfter)
                Rewrite();
            else
                MarkDelivered(message);
        }
    }

    /// <summary>The head could not be published; it stays first in line.</summary>
    public void Release()
    {
        lock (_lock)
            _headInFlight = false;
    }

    /// <summary>Completes when an event is waiting (at once if one is).</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        Task changed;
        lock (_lock)
        {
            if (_queue.Count > 0)
                return Task.CompletedTask;
            changed = _changed.Task;
        }
        return changed.WaitAsync(cancellationToken);
    }

    private void Signal()
    {
        var old = _changed;
        _changed = NewSignal();
        old.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The file keeps delivered events until it is next rewritten; this says how far delivery got.</summary>
    private void MarkDelivered(PrinterEventMessage message)
    {
        if (_path is null)
            return;
        try
        {
            var temporary = DeliveredPath + ".tmp";
            File.WriteAllText(temporary, $"{message.Session}\n{message.Seq}\n");
            File.Move(temporary, DeliveredPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFileError(_log, _printerId, DeliveredPath, ex.Message);
        }
    }

    private string DeliveredPath => _path + ".delivered";

    private void Load()
    {
        if (_path is null || !File.Exists(_path))
            return;
        try
        {
            var byKey = new Dictionary<(string, long), int>();
            foreach (var line in File.ReadLines(_path))
            {
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                PrinterEventMessage? message;
                try
                {
                    message = JsonSerializer.Deserialize<PrinterEventMessage>(line, MqttJson.Options);
                }
                catch (JsonException)
                {
                    // A line cut short by a crash while it was written.
                    continue;
                }
                if (message is null)
                    continue;
                // A progress report that replaced an earlier one with the same seq wins.
                if (byKey.TryGetValue((message.Session, message.Seq), out var index))
                    _queue[index] = message;
                else
                {
                    byKey[(message.Session, message.Seq)] = _queue.Count;
                    _queue.Add(message);
                }
                if (message.Session == Session)
                    _nextSeq = Math.Max(_nextSeq, message.Seq + 1);
            }
            // Events go out strictly in order: everything up to the last one delivered is gone.
            if (File.Exists(DeliveredPath) && File.ReadAllLines(DeliveredPath) is [var session, var seqText, ..]
                && long.TryParse(seqText, System.Globalization.CultureInfo.InvariantCulture, out var seq))
            {
                var upTo = _queue.FindIndex(m => m.Session == session && m.Seq == seq);
                if (upTo >= 0)
                    _queue.RemoveRange(0, upTo + 1);
            }
            if (_queue.Count > 0)
                LogBacklog(_log, _printerId, _queue.Count);
            Rewrite();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFileError(_log, _printerId, _path, ex.Message);
        }
    }

    private void Append(PrinterEventMessage message)
    {
        if (_path is null)
            return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            file.Write(MqttJson.Serialize(message));
            file.WriteByte((byte)'\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFileError(_log, _printerId, _path, ex.Message);
        }
    }

    private void Rewrite()
    {
        _deliveredSinceCompaction = 0;
        if (_path is null)
            return;
        try
        {
            if (_queue.Count == 0)
            {
                File.Delete(_path);
                File.Delete(DeliveredPath);
                return;
            }
            var text = new StringBuilder();
            foreach (var message in _queue)
                text.Append(Encoding.UTF8.GetString(MqttJson.Serialize(message))).Append('\n');
            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, text.ToString());
            File.Move(temporary, _path, overwrite: true);
            // After the rename: until then the mark is still needed, and afterwards it names nothing in the file.
            File.Delete(DeliveredPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFileError(_log, _printerId, _path, ex.Message);
        }
    }
}
