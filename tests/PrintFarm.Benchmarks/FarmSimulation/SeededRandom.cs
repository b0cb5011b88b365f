namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>Random streams that depend only on the seed and a stream number, never on the process (unlike HashCode).</summary>
internal static class SeededRandom
{
    public static Random For(int seed, int stream, int salt) =>
        new(unchecked((int)(((uint)seed * 2654435761u) ^ ((uint)stream * 40503u) ^ ((uint)salt * 2246822519u))));

    public static double Uniform(this Random random, double from, double to) => from + (random.NextDouble() * (to - from));

    public static double Exponential(this Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());
}
