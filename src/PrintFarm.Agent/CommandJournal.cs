using System.Text.Json;
using Microsoft.Extensions.Logging;
using PrintFarm.Wire;
namespace PrintFarm.Agent;

/// <summary>
/// The commands an agent has run, by printer and <c>commandId</c>, with the answer each got. A command seen again
/// (a QoS 1 redelivery, a coordinator retrying) gets the same answer and is not run again. The most recent
/// <see cref="Capacity"/> ids per printer are kept in <c>commands.json</c> in the data directory, written (to a
/// temporary file, then renamed) before a command runs and again when it has its answer, so a restart never runs a
/// command twice: one that was still running when the agent stopped answers "interrupted" from then on.
/// </summary>
internal sealed partial class CommandJournal
{
    public const int Capacity = 1000;
    internal const string InterruptedError = "interrupted: the agent stopped before this command finished";

    private readonly Lock _lock = new();
    private readonly string? _path;
    private readonly ILogger _log;
    private readonly Dictionary<string, PrinterLog> _printers = new(StringComparer.Ordinal);

    private CommandJournal(string? path, ILogger log)
    {
        _path = path;
        _log = log;
    }

    /// <summary>Opens the journal at <paramref name="path"/> (null: in memory only).</summary>
    public static CommandJournal Open(string? path, ILogger log)
    {
        var journal = new CommandJournal(path, log);
        if (path is null || !File.Exists(path))
            return journal;
        try
        {
            var saved = JsonSerializer.Deserialize<Dictionary<string, List<Entry>>>(File.ReadAllBytes(path), MqttJson.Options) ?? [];
            foreach (var (printer, entries) in saved)
            {
                var printerLog = journal.For(printer);
                foreach (var e in entries.TakeLast(Capacity))
                {
                    // A command without an answer was running when the agent stopped: it is never started again.
                    var ack = e.Ok is { } ok ? new AckMessage(e.CommandId, ok, e.Error) : new AckMessage(e.CommandId, false, InterruptedError);
                    printerLog.Add(e.CommandId, Task.FromResult(ack));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            LogUnreadable(log, path, ex.Message);
        }
        return journal;
    }

    /// <summary>
    /// Registers <paramref name="commandId"/> as running, its answer to come through <see cref="Complete"/>; or, when it
    /// was seen before, returns false with the earlier answer (which may still be on its way).
    /// </summary>
    public bool TryBegin(string printerId, string commandId, out Task<AckMessage> earlier)
    {
        lock (_lock)
        {
            var printer = For(printerId);
            if (printer.Answers.TryGetValue(commandId, out var known))
            {
                earlier = known;
                return false;
            }
            earlier = Task.FromResult(new AckMessage(commandId, false, InterruptedError));
            printer.Add(commandId, null);
            SaveLocked();
            return true;
        }
    }

    /// <summary>Records the answer of a command registered with <see cref="TryBegin"/>.</summary>
    public void Complete(string printerId, AckMessage ack)
    {
        lock (_lock)
        {
            var printer = For(printerId);
            printer.Complete(ack);
            SaveLocked();
        }
    }

    /// <summary>The answer of a command, once it has one; repeats wait for it.</summary>
    public Task<AckMessage>? Find(string printerId, string commandId)
    {
        lock (_lock)
            return For(printerId).Answers.GetValueOrDefault(commandId);
    }

    private PrinterLog For(string printerId)
    {
        if (!_printers.TryGetValue(printerId, out var log))
            _printers[printerId] = log = new PrinterLog();
        return log;
    }

    private void SaveLocked()
    {
        if (_path is null)
            return;
        var snapshot = _printers.ToDictionary(p => p.Key, p => p.Value.Order.Select(id => p.Value.ToEntry(id)).ToList(), StringComparer.Ordinal);
        var temporary = _path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, snapshot, MqttJson.Options);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogUnwritable(_log, _path, ex.Message);
        }
    }

    private sealed record Entry(string CommandId, bool? Ok, string? Error);

    private sealed class PrinterLog
    {
        private readonly Dictionary<string, TaskCompletionSource<AckMessage>> _pending = new(StringComparer.Ordinal);

        public Dictionary<string, Task<AckMessage>> Answers { get; } = new(StringComparer.Ordinal);

        public Queue<string> Order { get; } = new();

        public void Add(string commandId, Task<AckMessage>? answer)
        {
            if (answer is null)
            {
                var pending = new TaskCompletionSource<AckMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[commandId] = pending;
                answer = pending.Task;
            }
            Answers[commandId] = answer;
            Order.Enqueue(commandId);
            while (Order.Count > Capacity)
            {
                var oldest = Order.Dequeue();
                Answers.Remove(oldest);
                _pending.Remove(oldest);
            }
        }

        public void Complete(AckMessage ack)
        {
            if (_pending.Remove(ack.CommandId, out var pending))
                pending.TrySetResult(ack);
            else if (Answers.ContainsKey(ack.CommandId))
                Answers[ack.CommandId] = Task.FromResult(ack);
        }

        public Entry ToEntry(string commandId)
        {
            var answer = Answers[commandId];
            return answer.IsCompletedSuccessfully ? new Entry(commandId, answer.Result.Ok, answer.Result.Error) : new Entry(commandId, null, null);
        }
    }
}
