using ArchUnitNET.Loader;
using ArchUnitNET.NUnit;
using Mono.Cecil;
using Mono.Cecil.Cil;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;
using Assembly = System.Reflection.Assembly;

namespace PrintFarm.Cli.Tests.Architecture;

/// <summary>
/// The map of the code, checked on the built assemblies: references only point down (Cli → Coordinator or Agent →
/// Farm, Printing, Wire), the agent carries no web server and no database, the coordinator's feature folders do not
/// depend on each other in circles, and the clock is read through <see cref="TimeProvider"/>.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Printing = typeof(PrintFarm.Printing.Connection.LinkLoop).Assembly;
    private static readonly Assembly Wire = typeof(PrintFarm.Wire.Topics).Assembly;
    private static readonly Assembly Farm = typeof(PrintFarm.Farm.FarmValidationException).Assembly;
    private static readonly Assembly Agent = typeof(PrintFarm.Agent.AgentCommand).Assembly;
    private static readonly Assembly Coordinator = typeof(PrintFarm.Coordinator.Hosting.ServeHost).Assembly;
    private static readonly Assembly Cli = typeof(PrintFarm.Cli.CliCommands).Assembly;

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> CoordinatorModel = new(() => new ArchLoader().LoadAssemblies(Coordinator).Build());

    private static IEnumerable<TestCaseData> Layers()
    {
        yield return new TestCaseData(Printing, Array.Empty<string>()).SetName("Printing references no other PrintFarm project");
        yield return new TestCaseData(Wire, new[] { "PrintFarm.Printing" }).SetName("Wire references Printing only");
        yield return new TestCaseData(Farm, new[] { "PrintFarm.Printing" }).SetName("Farm references Printing only");
        yield return new TestCaseData(Agent, new[] { "PrintFarm.Printing", "PrintFarm.Wire" }).SetName("Agent references Printing and Wire only");
        yield return new TestCaseData(Coordinator, new[] { "PrintFarm.Farm", "PrintFarm.Printing", "PrintFarm.Wire" }).SetName("Coordinator references Farm, Printing and Wire only");
        yield return new TestCaseData(Cli, new[] { "PrintFarm.Coordinator", "printfarm-agent", "PrintFarm.Farm", "PrintFarm.Printing", "PrintFarm.Wire" }).SetName("Cli may reference every project");
    }

    [TestCaseSource(nameof(Layers))]
    public void References_only_point_down(Assembly assembly, string[] allowed)
    {
        var ours = assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("PrintFarm.", StringComparison.Ordinal) || n.StartsWith("printfarm", StringComparison.Ordinal));
        Assert.That(ours, Is.SubsetOf(allowed));
    }

    [Test]
    public void The_agent_carries_no_web_server_no_database_and_no_broker()
    {
        var forbidden = new[] { "Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite", "MQTTnet.Server", "Prometheus", "Scalar" };
        var references = Agent.GetReferencedAssemblies().Select(a => a.Name!)
            .Concat(Wire.GetReferencedAssemblies().Select(a => a.Name!))
            .Concat(Printing.GetReferencedAssemblies().Select(a => a.Name!));
        Assert.That(references.Where(r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal))), Is.Empty);
    }

    [Test]
    public void The_agent_build_runs_on_the_base_runtime_alone()
    {
        // printfarm-agent.runtimeconfig.json names the shared frameworks the agent build needs: only Microsoft.NETCore.App.
        var config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "printfarm-agent.runtimeconfig.json"));
        Assert.Multiple(() =>
        {
            Assert.That(config, Does.Contain("Microsoft.NETCore.App"));
            Assert.That(config, Does.Not.Contain("Microsoft.AspNetCore.App"));
        });
    }

    /// <summary>
    /// A folder with its sub-folders is one room (<c>Agents</c> holds <c>Agents.Broker</c> and <c>Agents.Bridge</c>): no
    /// two rooms may use each other, directly or around a longer loop. The dependencies are ArchUnitNET's, read from
    /// the built assembly; they are grouped by top-level folder here, since its slice patterns put each sub-namespace in
    /// a slice of its own and so miss a loop such as Health → Agents.Broker → ... → Agents.Bridge → Health.
    /// </summary>
    [Test]
    public void The_coordinators_feature_folders_have_no_cycles()
    {
        var edges = FolderDependencies();
        var cycles = FolderCycles.Find(edges);
        Assert.That(cycles, Is.Empty, "folders that use each other: " + string.Join("; ", cycles.Select(c => string.Join(" → ", c))));
    }

    [Test]
    public void The_folder_cycle_check_finds_a_loop() =>
        Assert.That(FolderCycles.Find(new Dictionary<string, HashSet<string>>
        {
            ["Health"] = ["Agents"], ["Agents"] = ["Api"], ["Api"] = ["Health"], ["Jobs"] = ["Api"],
        }).Single(), Is.EquivalentTo(new[] { "Agents", "Api", "Health" }));

    [Test]
    public void The_slices_of_the_coordinator_have_no_cycles_either() =>
        Slices().Matching("PrintFarm.Coordinator.(*)").Should().BeFreeOfCycles().Check(CoordinatorModel.Value);

    private static Dictionary<string, HashSet<string>> FolderDependencies()
    {
        const string root = "PrintFarm.Coordinator.";
        static string? Folder(string? ns) => ns is not null && ns.StartsWith(root, StringComparison.Ordinal) ? ns[root.Length..].Split('.')[0] : null;
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in CoordinatorModel.Value.Types)
        {
            if (Folder(type.Namespace.FullName) is not { } from)
                continue;
            foreach (var dependency in type.Dependencies)
            {
                if (Folder(dependency.Target.Namespace.FullName) is { } to && to != from)
                {
                    if (!edges.TryGetValue(from, out var targets))
                        edges[from] = targets = new HashSet<string>(StringComparer.Ordinal);
                    targets.Add(to);
                }
            }
        }
        return edges;
    }

    [TestCase("PrintFarm.Coordinator.Printers.PrinterDriver")]
    [TestCase("PrintFarm.Agent.AgentPrinter")]
    [TestCase("PrintFarm.Agent.BrokerLink")]
    public void Every_printer_link_reconnects_through_the_one_link_loop(string typeName)
    {
        var assembly = typeName.StartsWith("PrintFarm.Agent", StringComparison.Ordinal) ? Agent : Coordinator;
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var type = module.GetType(typeName) ?? throw new AssertionException($"{typeName} not found");
        var called = type.Methods.Concat(type.NestedTypes.SelectMany(n => n.Methods)).Where(m => m.HasBody)
            .SelectMany(m => m.Body.Instructions).Select(i => i.Operand).OfType<MethodReference>().Select(m => m.DeclaringType.FullName + "::" + m.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(called, Does.Contain("PrintFarm.Printing.Connection.LinkLoop::.ctor").Or.Contain("PrintFarm.Printing.Connection.LinkLoop::Logged"), "builds the shared LinkLoop");
            Assert.That(called, Does.Contain("PrintFarm.Printing.Connection.LinkLoop::RunAsync"), "runs it");
            Assert.That(called, Has.None.StartsWith("PrintFarm.Printing.Connection.ReconnectBackoff::"), "no back-off of its own");
        });
    }

    /// <summary>Every log message of ours has its own event id, across all the projects (docs/layout.md lists the ranges).</summary>
    [Test]
    public void Every_log_message_has_an_event_id_of_its_own()
    {
        var messages = (
            from assembly in new[] { Printing, Wire, Farm, Agent, Coordinator, Cli }
            from type in assembly.GetTypes()
            from method in type.GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly)
            let attribute = method.GetCustomAttributes(typeof(Microsoft.Extensions.Logging.LoggerMessageAttribute), false).Cast<Microsoft.Extensions.Logging.LoggerMessageAttribute>().SingleOrDefault()
            where attribute is not null
            select (attribute.EventId, Where: $"{type.FullName}.{method.Name}")).ToList();
        var shared = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Count.GreaterThan(50), "the log messages were found");
            Assert.That(messages.Where(m => m.EventId <= 0).Select(m => m.Where), Is.Empty, "every message has an event id");
            Assert.That(shared, Is.Empty, "event ids used twice");
        });
    }

    private static IEnumerable<TestCaseData> Assemblies() =>
        new[] { Printing, Wire, Farm, Agent, Coordinator, Cli }.Select(a => new TestCaseData(a).SetName($"{a.GetName().Name} reads the clock through TimeProvider"));

    [TestCaseSource(nameof(Assemblies))]
    public void No_code_outside_composition_reads_the_system_clock_directly(Assembly assembly)
    {
        string[] clock = ["System.DateTime::get_Now", "System.DateTime::get_UtcNow", "System.DateTimeOffset::get_Now", "System.DateTimeOffset::get_UtcNow"];
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var calls = (
            from type in module.GetTypes()
            where !IsComposition(type.Namespace)
            from method in type.Methods
            where method.HasBody
            from instruction in method.Body.Instructions
            where instruction.OpCode == OpCodes.Call && instruction.Operand is MethodReference called
                  && clock.Any(c => called.FullName.Contains(c, StringComparison.Ordinal))
            select $"{type.FullName}.{method.Name}").Distinct().ToList();
        Assert.That(calls, Is.Empty, "use the TimeProvider given to the class");
    }

    /// <summary>Where the program is put together and the real clock is chosen: the command line and the coordinator's host.</summary>
    private static bool IsComposition(string? ns) =>
        ns is not null && (ns.StartsWith("PrintFarm.Cli", StringComparison.Ordinal) || ns == "PrintFarm.Coordinator.Hosting");
}
