using PrintFarm.Farm.Demand;

namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// The demand: hospitals (priority 3, 100-1,200 parts, needed in 2-6 days), care homes (priority 2, 20-250 parts, 4-10
/// days) and social services (priority 1, 10-120 parts, 7-14 days). Designs are drawn by their share. Demands arrive
/// evenly over the run, with 4% already waiting at the start, until the parts add up to
/// <see cref="SimulationOptions.DemandFactor"/> times what every printer could print without a pause.
/// </summary>
internal static class DemandBuilder
{
    public static IReadOnlyList<SimDemand> Build(SimulationOptions options, IReadOnlyList<SimDesign> designs, IReadOnlyList<SimPrinter> printers)
    {
        var random = SeededRandom.For(options.Seed, 0, 2);
        var nominal = designs.ToDictionary(d => d.Id, d => d.DemandShare);
        var perDay = printers.Sum(p => FarmNetwork.PartsPerSecond(p.Class, designs, nominal)) * 86_400;
        var target = options.DemandFactor * perDay * options.Days;
        var requesters = Requesters(random);

        var drafts = new List<(TimeSpan Arrival, string Requester, RequesterKind Kind, int Priority, string Node, string Design, int Quantity, TimeSpan Window)>();
        var total = 0L;
        while (total < target)
        {
            var roll = random.NextDouble();
            var kind = roll < 0.3 ? RequesterKind.Hospital : roll < 0.75 ? RequesterKind.CareHome : RequesterKind.SocialService;
            var pool = requesters.Where(r => r.Kind == kind).ToList();
            var (name, _, node) = pool[random.Next(pool.Count)];
            var design = Pick(random, designs);
            var (priority, quantity, window) = kind switch
            {
                RequesterKind.Hospital => (3, random.Next(100, 1_201), random.Uniform(2, 6)),
                RequesterKind.CareHome => (2, random.Next(20, 251), random.Uniform(4, 10)),
                _ => (1, random.Next(10, 121), random.Uniform(7, 14)),
            };
            var arrival = random.NextDouble() < 0.04 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Round(random.NextDouble() * options.Duration.TotalSeconds));
            drafts.Add((arrival, name, kind, priority, node, design.Id, quantity, TimeSpan.FromDays(window)));
            total += quantity;
        }
        return drafts
            .Select((d, order) => (d, order))
            .OrderBy(x => x.d.Arrival).ThenBy(x => x.order)
            .Select((x, i) => new SimDemand(i, x.d.Requester, x.d.Kind, x.d.Design, x.d.Quantity, x.d.Priority, x.d.Node, x.d.Arrival,
                x.d.Arrival + TimeSpan.FromMinutes(Math.Round(x.d.Window.TotalMinutes))))
            .ToList();
    }

    private static List<(string Name, RequesterKind Kind, string Node)> Requesters(Random random)
    {
        var list = new List<(string, RequesterKind, string)>();
        void Add(string prefix, RequesterKind kind, int count)
        {
            for (var i = 1; i <= count; i++)
                list.Add(($"{prefix}-{i:00}", kind, FarmNetwork.Districts[random.Next(FarmNetwork.Districts.Length)]));
        }
        Add("hospital", RequesterKind.Hospital, 25);
        Add("care-home", RequesterKind.CareHome, 60);
        Add("social-services", RequesterKind.SocialService, 40);
        return list;
    }

    private static SimDesign Pick(Random random, IReadOnlyList<SimDesign> designs)
    {
        var roll = random.NextDouble() * designs.Sum(d => d.DemandShare);
        foreach (var design in designs)
        {
            roll -= design.DemandShare;
            if (roll < 0)
                return design;
        }
        return designs[^1];
    }
}
