using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Trust;

/// <summary>
/// Issue 12, finding 1: a maker's file got into an approved design and printed for a demand. A maker adds variants only to
/// a pending design of their own, approval covers named files, and only approved files of approved designs print for demands.
/// </summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class DesignIntegrityTests(StoreKind kind) : FarmFixture(kind)
{
    private const string Maker = "maker:joan";
    private static readonly DesignAuthor Joan = DesignAuthor.Maker(Maker, "joan");
    private static readonly DesignAuthor Pere = DesignAuthor.Maker("maker:pere", "pere");

    private static Design Shared(ApprovalStatus approval = ApprovalStatus.Approved, string? owner = null) => new()
    {
        Id = "upload-shared-part", Name = "shared-part", Licence = "as uploaded", SourceUrl = "https://farm.example/api/files/local/shared-part.gcode",
        Category = "upload", Approval = approval, Owner = owner,
    };

    private static VariantSpec Spec(string name) =>
        new() { Name = name, Profile = "marlin", Material = "PLA", MinBedXMm = 200, MinBedYMm = 200, PartsPerPlate = 2 };

    [Test]
    public async Task AddVariantAsync_MakerToStaffApprovedDesign_RefusedAndNothingWritten()
    {
        await Designs.AddDesignWithVariantAsync(Shared(), Spec("staff"), GcodeFiles.Square(DataDirectory, 100, 100), DesignAuthor.Staff(Staff));
        var before = await SnapshotAsync();
        var makers = GcodeFiles.Square(Path.Combine(DataDirectory, "maker"), 120, 120, "M104 S300");

        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Designs.AddVariantAsync("upload-shared-part", Spec("maker"), makers, Joan));

        Assert.That(ex!.Message, Does.Contain("only staff add variants"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase(ApprovalStatus.Pending)]
    [TestCase(ApprovalStatus.Withdrawn)]
    public async Task AddVariantAsync_MakerToDesignNotTheirs_Refused(ApprovalStatus approval)
    {
        await Designs.AddDesignAsync(Shared(approval, owner: "pere"), "maker:pere");
        var before = await SnapshotAsync();
        Assert.ThrowsAsync<FarmValidationException>(() =>
            Designs.AddVariantAsync("upload-shared-part", Spec("joan"), GcodeFiles.Square(DataDirectory, 100, 100), Joan));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AddVariantAsync_MakerToOwnPendingDesign_AddedNotApprovedAndAudited()
    {
        await Designs.AddDesignAsync(Shared(ApprovalStatus.Pending, owner: "joan"), Maker);
        var variant = await Designs.AddVariantAsync("upload-shared-part", Spec("joan"), GcodeFiles.Square(DataDirectory, 100, 100), Joan);

        var audit = await Store.Reader.ListAuditAsync($"variant:{variant.Id}", 10);
        Assert.Multiple(() =>
        {
            Assert.That(variant.IsApproved, Is.False);
            Assert.That(variant.AddedBy, Is.EqualTo(Maker));
            Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "variant.added" }));
            Assert.That(audit[0].Details, Does.Contain("by " + Maker));
        });
        Assert.ThrowsAsync<FarmValidationException>(() =>
            Designs.AddVariantAsync("upload-shared-part", Spec("pere"), GcodeFiles.Square(Path.Combine(DataDirectory, "p"), 90, 90), Pere));
    }

    [Test]
    public async Task SetApprovalAsync_Approved_ApprovesEachVariantBySha256AndRecordsWho()
    {
        await Designs.AddDesignAsync(Shared(ApprovalStatus.Pending, owner: "joan"), Maker);
        var variant = await Designs.AddVariantAsync("upload-shared-part", Spec("joan"), GcodeFiles.Square(DataDirectory, 100, 100), Joan);

        await Designs.SetApprovalAsync("upload-shared-part", ApprovalStatus.Approved, Staff);

        var stored = await Store.Reader.GetVariantAsync(variant.Id);
        var audit = await Store.Reader.ListAuditAsync($"variant:{variant.Id}", 10);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.IsApproved, Is.True);
            Assert.That(stored.ApprovedBy, Is.EqualTo(Staff));
            Assert.That(stored.AddedBy, Is.EqualTo(Maker));
            Assert.That(audit.Select(a => a.Action), Is.EquivalentTo(new[] { "variant.added", "variant.approved" }));
            Assert.That(audit.Single(a => a.Action == "variant.approved").Details, Does.Contain(variant.Sha256).And.Contain("approved by " + Staff));
        });
    }

    [Test]
    public async Task PlanAsync_UnapprovedVariantOfApprovedDesign_NeverPrintsForDemand()
    {
        var approved = await AddDesignAsync("shield", partsPerPlate: 1, variantName: "staff");
        // A file in an approved design that nobody approved, as the old upload path let in.
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.InsertVariantAsync(approved with { Id = "shield/maker", Sha256 = new string('a', 64), AddedBy = Maker, ApprovedBy = null, ApprovedAt = null });
            await transaction.CommitAsync();
        }
        await AddReadyPrinterAsync("p1");
        await AddReadyPrinterAsync("p2");
        await DemandAsync(6);

        await Round.RunAsync(Staff);

        var jobs = await JobsAsync();
        Assert.That(jobs, Has.Count.EqualTo(2), "one plate for each free printer");
        Assert.That(jobs.Select(j => j.VariantId).Distinct(), Is.EqualTo(new[] { "shield/staff" }));
    }

    [Test]
    public async Task ApproveVariantAsync_OnlyFileWasUnapproved_PlansOnceApproved()
    {
        var variant = await AddDesignAsync("shield", partsPerPlate: 2, approved: false);
        await using (var transaction = await Store.BeginAsync())
        {
            // The design approved without its file, as a store from before per-file approval could hold it.
            var design = await transaction.GetDesignAsync("shield");
            await transaction.UpdateDesignAsync(design! with { Approval = ApprovalStatus.Approved });
            await transaction.CommitAsync();
        }
        await AddReadyPrinterAsync("p1");
        await AddReadyPrinterAsync("p2");
        await DemandAsync(4);

        var before = (await Round.RunAsync()).Dispatch;
        await Designs.ApproveVariantAsync(variant.Id, Staff);
        var after = (await Round.RunAsync()).Dispatch;

        Assert.Multiple(async () =>
        {
            Assert.That(before.JobsCreated, Is.Zero, "an unapproved file never prints for a demand");
            Assert.That(after.JobsCreated, Is.EqualTo(2));
            Assert.That((await Store.Reader.GetVariantAsync(variant.Id))!.ApprovedBy, Is.EqualTo(Staff));
        });
    }

    [Test]
    public async Task AddDesignWithVariantAsync_FileRefused_StoresNeitherDesignNorVariant()
    {
        var before = await SnapshotAsync();
        var tooBig = GcodeFiles.Square(DataDirectory, 250, 250);
        Assert.ThrowsAsync<FarmValidationException>(() => Designs.AddDesignWithVariantAsync(Shared(), Spec("big"), tooBig, DesignAuthor.Staff(Staff)));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase("shield\u202Eevil")]
    [TestCase("shield\u2066x")]
    [TestCase("shield\u0007")]
    public async Task AddDesignAsync_ControlOrBidiCharacterInId_RefusedAndNothingWritten(string id)
    {
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Designs.AddDesignAsync(Shared() with { Id = id }, Staff));
        Assert.That(ex!.Message, Does.Contain("\\u"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }
}
