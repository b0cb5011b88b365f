using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Scheduling;

namespace PrintFarm.Farm.Tests.Scheduling;

/// <summary>Why a ready printer gets no job, case by case, from what the farm owes and what the printer is.</summary>
public sealed class IdleReasonsTests
{
    private static readonly DateTimeOffset Approved = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static Printer Mk3s(string material = "PLA", double nozzle = 0.4, PrinterState state = PrinterState.Ready, long? job = null) => new()
    {
        Id = "p1", OwnerKind = OwnerKind.Maker, Owner = "anna", Site = "homes", Node = "node-gracia", LinkKind = LinkKind.Agent, LinkAddress = "agent-1",
        Capabilities = new PrinterCapabilities { BedXMm = 250, BedYMm = 210, NozzleMm = nozzle, Material = material, Profile = "prusa" },
        State = state, CurrentJobId = job,
    };

    private static Design Design(string id, ApprovalStatus approval = ApprovalStatus.Approved) =>
        new() { Id = id, Name = id, Licence = "MIT", SourceUrl = "https://example.org", Category = "shield", Approval = approval };

    private static Variant Variant(string design, string material = "PLA", double nozzle = 0.4, string profile = "prusa", double bedX = 250, bool approved = true) => new()
    {
        Id = $"{design}/{profile}-{material}-{nozzle}-{bedX}", DesignId = design, Sha256 = "00", Profile = profile, Material = material, NozzleMm = nozzle,
        MinBedXMm = bedX, MinBedYMm = 200, PartsPerPlate = 4, EstimatedTime = TimeSpan.FromHours(1), ApprovedAt = approved ? Approved : null,
    };

    private static Job Queued(string variant, string design, string? target = null) => new()
    {
        Id = 9, DesignId = design, VariantId = variant, Requester = "Hospital del Mar", Node = "node-gracia", Parts = 4, TargetPrinterId = target, State = JobState.Queued,
    };

    private static readonly Design[] Shield = [Design("face-shield")];

    private static IReadOnlyList<IdleReason> Why(Printer printer, string[] owed, Job[]? queued = null, Design[]? designs = null, Variant[]? variants = null, int heating = 0, int limit = 4) =>
        IdleReasons.For(printer, owed, queued ?? [], designs ?? Shield, variants ?? [Variant("face-shield")], heating, limit);

    private static string Codes(IReadOnlyList<IdleReason> reasons) => string.Join(" ", reasons.Select(r => r.Code));

    [Test]
    public void Cases()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Codes(Why(Mk3s(state: PrinterState.NeedsBedClear), ["face-shield"])), Is.EqualTo("not-ready"));
            Assert.That(Why(Mk3s(state: PrinterState.NeedsBedClear), ["face-shield"])[0].Detail, Does.Contain("bed must be cleared"));
            Assert.That(Codes(Why(Mk3s(job: 3), ["face-shield"])), Is.EqualTo("has-a-job"));
            Assert.That(Codes(Why(Mk3s(), [])), Is.EqualTo("nothing-owed"));
            Assert.That(Codes(Why(Mk3s(), ["face-shield"])), Is.EqualTo("next-round"), "work fits");
            Assert.That(Codes(Why(Mk3s(), ["face-shield"], heating: 4)), Is.EqualTo("site-heating-limit"));
            Assert.That(Codes(Why(Mk3s(), ["face-shield"], variants: [Variant("face-shield", approved: false)])), Is.EqualTo("no-approved-file"));
            Assert.That(Codes(Why(Mk3s(), ["face-shield"], designs: [Design("face-shield", ApprovalStatus.Pending)])), Is.EqualTo("no-approved-file"));
            Assert.That(Codes(Why(Mk3s(), [], queued: [Queued("face-shield/prusa-PLA-0.4-250", "face-shield", target: "p2")])), Is.EqualTo("for-other-printers"));
            Assert.That(Codes(Why(Mk3s(), [], queued: [Queued("face-shield/prusa-PLA-0.4-250", "face-shield")])), Is.EqualTo("next-round"));
            Assert.That(Codes(Why(Mk3s(material: "PETG"), [], queued: [Queued("face-shield/prusa-PLA-0.4-250", "face-shield")])), Is.EqualTo("no-fitting-file"));
        });
    }

    [TestCase("PETG", 0.4, "face-shield is needed, but its files need PLA loaded (this printer has PETG)")]
    [TestCase("PLA", 0.6, "face-shield is needed, but its files need a 0.4 mm nozzle (this printer has 0.6 mm)")]
    [TestCase("PETG", 0.6, "face-shield is needed, but its files need PLA loaded (this printer has PETG), a 0.4 mm nozzle (this printer has 0.6 mm)")]
    public void NoFittingFile_SaysWhatDiffers(string material, double nozzle, string expected)
    {
        var reasons = Why(Mk3s(material, nozzle), ["face-shield"]);
        Assert.That(reasons.Select(r => (r.Code, r.Detail)), Is.EqualTo(new[] { ("no-fitting-file", expected) }));
    }

    [Test]
    public void NoFittingFile_NamesTheNearestFile_AndTheBedAndProfile()
    {
        var reasons = Why(Mk3s(), ["face-shield"], variants: [Variant("face-shield", material: "PETG", profile: "marlin", bedX: 300), Variant("face-shield", bedX: 300)]);
        Assert.That(reasons.Single().Detail, Is.EqualTo("face-shield is needed, but its files need a bed of 300 x 200 mm (this printer has 250 x 210 mm)"));
        var marlin = Why(Mk3s(), ["face-shield"], variants: [Variant("face-shield", profile: "marlin")]);
        Assert.That(marlin.Single().Detail, Does.Contain("the marlin firmware profile (this printer is prusa)"));
    }
}
