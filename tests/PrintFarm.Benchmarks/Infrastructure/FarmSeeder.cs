using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Profiles;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>Fills a fresh store with the benchmark farm: printers, one approved design with three variants, and demands.</summary>
internal static class FarmSeeder
{
    public static async Task SeedAsync(IFarmStore store, string dataDirectory, int printers, int demands, int parts, int seed)
    {
        var random = new Random(seed);
        var time = TimeProvider.System;
        var catalog = new DesignCatalog(store, ProfileCatalog.LoadDefault(), new GcodeFileStore(dataDirectory), time);
        await catalog.AddDesignAsync(new Design
        {
            Id = "shield", Name = "Face shield frame", Licence = "MIT", SourceUrl = "https://example.org/shield", Category = "face-shield",
            Approval = ApprovalStatus.Approved,
        }, "bench");
        var gcode = Path.Combine(dataDirectory, "shield.gcode");
        await File.WriteAllLinesAsync(gcode, ["G28", "G1 Z0.2", "G1 X10 Y10", "G1 X150 Y10 E5", "G1 X150 Y150 E5", "M84"]);
        await catalog.AddVariantAsync("shield", Spec("marlin-pla", "marlin", "PLA", 4), gcode, "bench");
        await catalog.AddVariantAsync("shield", Spec("prusa-pla", "prusa", "PLA", 5), gcode, "bench");
        await catalog.AddVariantAsync("shield", Spec("klipper-petg", "klipper", "PETG", 3), gcode, "bench");

        await using var transaction = await store.BeginAsync();
        var now = time.GetUtcNow();
        for (var i = 0; i < printers; i++)
        {
            var kind = i % 10;
            var lab = i % 10 == 9;
            await transaction.InsertPrinterAsync(new Printer
            {
                Id = $"printer-{i:00000}", OwnerKind = lab ? OwnerKind.Lab : OwnerKind.Maker, Owner = lab ? "ateneu" : $"maker-{i}",
                Site = lab ? $"lab-{i % 20}" : $"home-{i}", Node = $"node-{i % 25}", LinkKind = lab ? LinkKind.Local : LinkKind.Agent,
                LinkAddress = lab ? "/dev/ttyUSB0" : $"agent-{i}",
                Capabilities = new PrinterCapabilities
                {
                    BedXMm = 220, BedYMm = 220, NozzleMm = 0.4,
                    Material = kind == 8 ? "PETG" : "PLA", Profile = kind < 6 ? "marlin" : kind < 8 ? "prusa" : "klipper",
                },
                State = PrinterState.Ready, RegisteredAt = now,
            });
        }
        var ledger = new Dictionary<LedgerKey, LedgerCounts>();
        var left = parts;
        for (var i = 0; i < demands; i++)
        {
            var quantity = i == demands - 1 ? left : Math.Min(left - (demands - 1 - i), random.Next(1, 2 * parts / demands));
            left -= quantity;
            var demand = new DemandRecord
            {
                Requester = $"requester-{i % 400}", RequesterKind = RequesterKind.Hospital, DesignId = "shield", Quantity = quantity,
                Priority = random.Next(3), NeededBy = now.AddDays(random.Next(1, 30)), Node = $"node-{random.Next(25)}", CreatedAt = now,
            };
            await transaction.InsertDemandAsync(demand);
            ledger[demand.Key] = ledger.GetValueOrDefault(demand.Key) + new LedgerCounts { Requested = quantity };
        }
        await transaction.AddToLedgerAsync(ledger);
        await transaction.CommitAsync();
    }

    private static VariantSpec Spec(string name, string profile, string material, int perPlate) =>
        new() { Name = name, Profile = profile, Material = material, MinBedXMm = 200, MinBedYMm = 200, PartsPerPlate = perPlate };
}
