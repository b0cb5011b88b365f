using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Nodes;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Requesters;
using PrintFarm.Farm.Storage;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>
/// Brings the store in line with the config at start, without ever repeating work: a node or requester missing is
/// created, a printer missing from the store is registered, a design or variant missing is added, and a demand is
/// entered only when no demand of the same requester, design and node exists (so a restart, or a crash halfway
/// through, never doubles one).
/// </summary>
internal sealed class ConfigSeeder
{
    private const string Actor = "config";
    private readonly ServeOptions _options;
    private readonly IFarmStore _store;
    private readonly PrinterRegistry _registry;
    private readonly DesignCatalog _catalog;
    private readonly DemandBook _demands;
    private readonly NodeBook _nodes;
    private readonly RequesterBook _requesters;
    private readonly TimeProvider _time;

    public ConfigSeeder(ServeOptions options, IFarmStore store, PrinterRegistry registry, DesignCatalog catalog, DemandBook demands, NodeBook nodes, RequesterBook requesters,
        TimeProvider time)
    {
        _nodes = nodes;
        _requesters = requesters;
        _options = options;
        _store = store;
        _registry = registry;
        _catalog = catalog;
        _demands = demands;
        _time = time;
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, node) in _options.Nodes)
            await _nodes.CreateAsync(id, node?.Name ?? id, Actor, existingIsFine: true, cancellationToken).ConfigureAwait(false);
        foreach (var (name, requester) in _options.Requesters)
            await _requesters.CreateAsync(name, RequesterBook.ParseKind(requester?.Kind), Actor, existingIsFine: true, cancellationToken).ConfigureAwait(false);
        foreach (var p in _options.Printers)
        {
            if (await _store.Printers.GetAsync(p.Id, cancellationToken).ConfigureAwait(false) is null)
                await _registry.RegisterAsync(ToPrinter(p), Actor, cancellationToken).ConfigureAwait(false);
        }
        await SeedDesignsAsync(cancellationToken).ConfigureAwait(false);
        await SeedDemandsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SeedDesignsAsync(CancellationToken cancellationToken)
    {
        HashSet<string> designs, variants;
        await using (var t = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            designs = (await t.ListDesignsAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            variants = (await t.ListVariantsAsync(cancellationToken).ConfigureAwait(false)).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        }
        foreach (var d in _options.Designs)
        {
            if (!designs.Contains(d.Id))
            {
                await _catalog.AddDesignAsync(new Design
                {
                    Id = d.Id,
                    Name = d.Name,
                    Licence = d.Licence,
                    SourceUrl = d.SourceUrl,
                    Category = d.Category,
                    Approval = WireNames.Parse<ApprovalStatus>(d.Approval),
                }, Actor, cancellationToken).ConfigureAwait(false);
            }
            foreach (var v in d.Variants)
            {
                if (variants.Contains($"{d.Id}/{v.Name}"))
                    continue;
                await _catalog.AddVariantAsync(d.Id, new VariantSpec
                {
                    Name = v.Name,
                    Profile = v.Profile,
                    Material = v.Material,
                    NozzleMm = v.NozzleMm,
                    MinBedXMm = v.MinBedXMm,
                    MinBedYMm = v.MinBedYMm,
                    PartsPerPlate = v.PartsPerPlate,
                }, ServeOptionsValidator.ResolvePath(_options, v.File), Actor, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SeedDemandsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<DemandRecord> existing;
        await using (var t = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
            existing = await t.ListDemandsAsync(openOnly: false, cancellationToken).ConfigureAwait(false);
        var keys = existing.Select(d => d.Key).ToHashSet();
        var now = _time.GetUtcNow();
        foreach (var d in _options.Demands)
        {
            var key = new LedgerKey(d.DesignId, d.Requester, d.Node);
            if (!keys.Add(key))
                continue;
            await _demands.CreateAsync(new DemandRequest
            {
                Requester = d.Requester,
                RequesterKind = WireNames.Parse<RequesterKind>(d.KindIn(_options)),
                DesignId = d.DesignId,
                Quantity = d.Quantity,
                Priority = d.Priority,
                NeededBy = d.NeededWithinDays is { } days ? now.AddDays(days) : null,
                Node = d.Node,
            }, Actor, cancellationToken).ConfigureAwait(false);
        }
    }

    public static Printer ToPrinter(PrinterConfig p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new Printer
        {
            Id = p.Id,
            Name = p.Name ?? p.Id,
            OwnerKind = WireNames.Parse<OwnerKind>(p.OwnerKind),
            Owner = p.Owner ?? p.Site,
            Site = p.Site,
            Node = p.Node ?? p.Site,
            // A bridge's printer is reached through the bridge's login (for the broker's ACL) but driven from here.
            LinkKind = p.IsMqtt ? LinkKind.Agent : LinkKind.Local,
            LinkAddress = p.IsMqtt ? p.Bridge! : p.Port,
            Capabilities = new PrinterCapabilities
            {
                BedXMm = p.BedXMm,
                BedYMm = p.BedYMm,
                NozzleMm = p.NozzleMm,
                Material = p.Material,
                Profile = p.Profile,
            },
        };
    }
}
