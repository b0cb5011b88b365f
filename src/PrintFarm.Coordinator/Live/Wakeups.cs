using System.Collections.Concurrent;

namespace PrintFarm.Coordinator.Live;

/// <summary>
/// Nudges: the scheduler wakes a printer's loop when it assigned it a job, and anything that may free work
/// (a bed cleared, a demand added) wakes the scheduler. Each loop still looks on its own every few seconds,
/// so a lost nudge only delays.
/// </summary>
public sealed class Wakeups : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _printers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scheduler = new(0, 1);

    public void Printer(string printerId)
    {
        var gate = _printers.GetOrAdd(printerId, _ => new SemaphoreSlim(0, 1));
        if (gate.CurrentCount == 0)
        {
            try
            {
                gate.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already nudged.
            }
        }
    }

    public Task<bool> WaitPrinterAsync(string printerId, TimeSpan timeout, CancellationToken cancellationToken) =>
        _printers.GetOrAdd(printerId, _ => new SemaphoreSlim(0, 1)).WaitAsync(timeout, cancellationToken);

    public void Scheduler()
    {
        if (_scheduler.CurrentCount == 0)
        {
            try
            {
                _scheduler.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already nudged.
            }
        }
    }

    public Task<bool> WaitSchedulerAsync(TimeSpan timeout, CancellationToken cancellationToken) => _scheduler.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _scheduler.Dispose();
        foreach (var gate in _printers.Values)
            gate.Dispose();
    }
}
