using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Benchmarks.Suites;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// dotnet run -c Release --project tests/PrintFarm.Benchmarks -- SUITE [options]
var suites = new Dictionary<string, Func<BenchmarkOptions, Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["analyze"] = AnalyzeSuite.RunAsync,
    ["stream"] = StreamSuite.RunAsync,
    ["motion"] = MotionSuite.RunAsync,
    ["memory"] = MemorySuite.RunAsync,
    ["scheduler"] = SchedulerSuite.RunAsync,
    ["api"] = ApiSuite.RunAsync,
    ["fleet"] = FleetSuite.RunAsync,
    ["demo"] = DemoSuite.RunAsync,
    ["farm"] = FarmSuite.RunAsync,
    ["soak"] = SoakSuite.RunAsync,
    ["dashboard"] = DashboardSuite.RunAsync,
    ["onboarding"] = OnboardingSuite.RunAsync,
    ["webhooks"] = WebhooksSuite.RunAsync,
};
if (args is ["check", var resultDirectory])
    return ResultCheck.Run(resultDirectory);
if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/PrintFarm.Benchmarks -- ({string.Join('|', suites.Keys)}) [--runs N] [--smoke] [--out DIR] [suite options]");
    return 2;
}
var options = BenchmarkOptions.Parse(args[1..]);
Console.WriteLine(MachineInfo.Describe());
return await suite(options);
