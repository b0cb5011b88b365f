using System.Diagnostics;

namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>Wall-clock time and calls per named section, to show where a simulation's time goes.</summary>
internal sealed class StageTimer
{
    private readonly Dictionary<string, (TimeSpan Time, long Calls)> _sections = new(StringComparer.Ordinal);

    public async Task<T> TimeAsync<T>(string section, Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await action();
        }
        finally
        {
            Add(section, Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task TimeAsync(string section, Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await action();
        }
        finally
        {
            Add(section, Stopwatch.GetElapsedTime(started));
        }
    }

    public void Add(string section, TimeSpan elapsed)
    {
        var (time, calls) = _sections.GetValueOrDefault(section);
        _sections[section] = (time + elapsed, calls + 1);
    }

    public IReadOnlyList<(string Section, TimeSpan Time, long Calls)> Sections =>
        _sections.OrderByDescending(s => s.Value.Time).Select(s => (s.Key, s.Value.Time, s.Value.Calls)).ToList();

    public TimeSpan Total => _sections.Values.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Time);
}
