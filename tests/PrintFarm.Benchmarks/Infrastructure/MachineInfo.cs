using System.Runtime.InteropServices;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>What the numbers were measured on.</summary>
internal static class MachineInfo
{
    public static object Snapshot() => new
    {
        cores = Environment.ProcessorCount,
        memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024, 1),
        dotnet = RuntimeInformation.FrameworkDescription,
        os = RuntimeInformation.OSDescription,
        cpu = CpuModel(),
        utc = DateTime.UtcNow.ToString("O"),
    };

    public static string Describe() =>
        $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024 / 1024 / 1024.0:0.0} GiB, "
        + $"{RuntimeInformation.FrameworkDescription}, {CpuModel()}";

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown cpu";
        }
        catch (IOException)
        {
            return "unknown cpu";
        }
    }
}
