namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// Latencies in microseconds, in log-linear buckets: exact below 128 µs, then 64 buckets per power of two (under
/// 1.6% error), up to about 73 minutes. Not thread-safe: keep one per worker and merge them.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int Sub = 1 << SubBits;
    private const int Linear = 2 * Sub;
    private const int Octaves = 26;

    private readonly long[] _counts = new long[Linear + (Octaves * Sub)];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public double SumMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        if (microseconds < 0)
            microseconds = 0;
        _counts[Index(microseconds)]++;
        Count++;
        SumMicroseconds += microseconds;
        if (microseconds > MaxMicroseconds)
            MaxMicroseconds = microseconds;
    }

    /// <summary>Records a Stopwatch interval.</summary>
    public void RecordTicks(long stopwatchTicks) =>
        Record(stopwatchTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency);

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
            _counts[i] += other._counts[i];
        Count += other.Count;
        SumMicroseconds += other.SumMicroseconds;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), in milliseconds; NaN when empty.</summary>
    public double PercentileMs(double q)
    {
        if (Count == 0)
            return double.NaN;
        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
                return Math.Min(Upper(i), MaxMicroseconds) / 1000.0;
        }
        return MaxMicroseconds / 1000.0;
    }

    public double MeanMs => Count == 0 ? double.NaN : SumMicroseconds / Count / 1000.0;

    private static int Index(long v)
    {
        if (v < Linear)
            return (int)v;
        var octave = 63 - (int)long.LeadingZeroCount(v) - SubBits; // v >> octave is in [Sub, 2 Sub)
        var index = Linear + ((octave - 1) * Sub) + (int)((v >> octave) - Sub);
        return Math.Min(index, Linear + (Octaves * Sub) - 1);
    }

    /// <summary>The largest value that falls in bucket <paramref name="i"/>.</summary>
    private static long Upper(int i)
    {
        if (i < Linear)
            return i;
        var octave = ((i - Linear) / Sub) + 1;
        var mantissa = ((i - Linear) % Sub) + Sub;
        return ((mantissa + 1L) << octave) - 1;
    }
}
