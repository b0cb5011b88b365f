using System.Text;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Tests.Support;

public abstract partial class FarmFixture
{
    protected const string Staff = "staff:anna";
    protected const string Hospital = "Hospital Clinic";

    protected async Task<Variant> AddDesignAsync(
        string designId = "shield", int partsPerPlate = 4, string profile = "marlin", string material = "PLA", double nozzle = 0.4,
        double bed = 200, string variantName = "v1", bool approved = true)
    {
        if (await DesignExistsAsync(designId) is false)
        {
            await Designs.AddDesignAsync(new Design
            {
                Id = designId, Name = designId, Licence = "CC-BY-4.0", SourceUrl = "https://example.org/" + designId, Category = "face-shield",
                Approval = approved ? ApprovalStatus.Approved : ApprovalStatus.Pending,
            }, Staff);
        }
        var gcode = GcodeFiles.Square(Path.Combine(DataDirectory, "incoming"), bed - 20, bed - 20);
        return await Designs.AddVariantAsync(designId, new VariantSpec
        {
            Name = variantName, Profile = profile, Material = material, NozzleMm = nozzle, MinBedXMm = bed, MinBedYMm = bed, PartsPerPlate = partsPerPlate,
        }, gcode, Staff);
    }

    protected static Printer NewPrinter(
        string id, string site = "lab", string node = "node-a", string profile = "marlin", string material = "PLA", double nozzle = 0.4,
        double bed = 220, LinkKind link = LinkKind.Local) => new()
    {
        Id = id, OwnerKind = OwnerKind.Lab, Owner = "Ateneu " + site, Site = site, Node = node, LinkKind = link,
        LinkAddress = link == LinkKind.Local ? "/dev/ttyUSB0" : "agent-" + id,
        Capabilities = new PrinterCapabilities { BedXMm = bed, BedYMm = bed, NozzleMm = nozzle, Material = material, Profile = profile },
    };

    /// <summary>Registers a printer and brings it to ready through the bed-clear gate.</summary>
    protected async Task<Printer> AddReadyPrinterAsync(Printer printer)
    {
        await Printers.RegisterAsync(printer, Staff);
        await Printers.SetStateAsync(printer.Id, PrinterState.NeedsBedClear, Staff, "online");
        return await Printers.BedClearedAsync(printer.Id, 0, Staff);
    }

    protected Task<Printer> AddReadyPrinterAsync(string id, string site = "lab", string node = "node-a", double bed = 220) =>
        AddReadyPrinterAsync(NewPrinter(id, site, node, bed: bed));

    protected Task<DemandRecord> DemandAsync(int quantity, string designId = "shield", string requester = Hospital, string node = "node-a", int priority = 0, DateTimeOffset? neededBy = null) =>
        Demands.CreateAsync(new DemandRequest { Requester = requester, DesignId = designId, Quantity = quantity, Node = node, Priority = priority, NeededBy = neededBy }, Staff);

    protected async Task<IReadOnlyList<Job>> JobsAsync(params JobState[] states)
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.ListJobsAsync(states);
    }

    protected async Task<Job> JobAsync(long id)
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.GetJobAsync(id) ?? throw new AssertionException($"job {id} not found");
    }

    protected async Task<Printer> PrinterAsync(string id)
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.GetPrinterAsync(id) ?? throw new AssertionException($"printer {id} not found");
    }

    protected async Task<LedgerCounts> LedgerAsync(string designId = "shield", string requester = Hospital, string node = "node-a")
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.GetLedgerAsync(new LedgerKey(designId, requester, node));
    }

    protected async Task AssertLedgerConsistentAsync()
    {
        var differences = await Check.RunAsync();
        Assert.That(differences.Select(d => d.ToString()), Is.Empty, "ledger check");
    }

    /// <summary>Everything the store holds, as text, to prove a refused request wrote nothing.</summary>
    protected async Task<string> SnapshotAsync()
    {
        await using var transaction = await Store.BeginAsync();
        var text = new StringBuilder();
        foreach (var design in await transaction.ListDesignsAsync())
            text.AppendLine(design.ToString());
        foreach (var variant in await transaction.ListVariantsAsync())
            text.AppendLine(variant.ToString());
        foreach (var printer in await transaction.ListPrintersAsync())
            text.AppendLine(printer.ToString() + printer.Capabilities + printer.TrackRecord);
        foreach (var demand in await transaction.ListDemandsAsync(openOnly: false))
            text.AppendLine(demand.ToString());
        foreach (var job in await transaction.ListJobsAsync([]))
            text.AppendLine(job.ToString() + string.Join(',', job.FailedPrinters));
        foreach (var row in await transaction.ListLedgerAsync())
            text.AppendLine(row.ToString());
        foreach (var movement in await transaction.ListMovementsAsync())
            text.AppendLine(movement.ToString());
        foreach (var key in await Store.Reader.ListApiKeysAsync())
            text.AppendLine(key.ToString());
        text.AppendLine("audit " + await transaction.CountAuditAsync());
        return text.ToString();
    }

    private async Task<bool> DesignExistsAsync(string id)
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.GetDesignAsync(id) is not null;
    }
}
