using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Designs;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class DesignCatalogTests(StoreKind kind) : FarmFixture(kind)
{
    private static readonly Design Shield = new()
    {
        Id = "shield", Name = "Face shield frame", Licence = "MIT", SourceUrl = "https://example.org/shield", Category = "face-shield",
    };

    private static VariantSpec Spec(string name = "mk3", double bed = 200, string profile = "marlin") =>
        new() { Name = name, Profile = profile, Material = "PLA", MinBedXMm = bed, MinBedYMm = bed, PartsPerPlate = 2 };

    [Test]
    public async Task AddVariantAsync_FittingFile_StoresFileOnceBySha256()
    {
        await Designs.AddDesignAsync(Shield, Staff);
        var file = GcodeFiles.Square(DataDirectory, 150, 150);
        var first = await Designs.AddVariantAsync("shield", Spec("a"), file, Staff);
        var second = await Designs.AddVariantAsync("shield", Spec("b"), file, Staff);

        Assert.That(first.Sha256, Is.EqualTo(GcodeFileStore.HashFile(file)).And.EqualTo(second.Sha256));
        var stored = Directory.GetFiles(Path.Combine(DataDirectory, "gcode"));
        Assert.That(stored.Select(Path.GetFileName), Is.EqualTo(new[] { first.Sha256 + ".gcode" }));
    }

    [Test]
    public async Task AddVariantAsync_BoundingBoxLargerThanBed_RefusedAndNothingWritten()
    {
        await Designs.AddDesignAsync(Shield, Staff);
        var before = await SnapshotAsync();
        var file = GcodeFiles.Square(DataDirectory, 250, 150);

        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Designs.AddVariantAsync("shield", Spec(bed: 200), file, Staff));

        Assert.That(ex!.Message, Does.Contain("does not fit"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(Directory.Exists(Path.Combine(DataDirectory, "gcode")), Is.False);
    }

    [TestCase("M500")]
    [TestCase("M502")]
    [TestCase("M997")]
    public async Task AddVariantAsync_CommandForbiddenByProfile_RefusedAndNothingWritten(string forbidden)
    {
        await Designs.AddDesignAsync(Shield, Staff);
        var before = await SnapshotAsync();
        var file = GcodeFiles.Square(DataDirectory, 100, 100, forbidden);

        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Designs.AddVariantAsync("shield", Spec(), file, Staff));

        Assert.That(ex!.Message, Does.Contain(forbidden));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AddVariantAsync_UnknownDesign_Refused()
    {
        var before = await SnapshotAsync();
        var file = GcodeFiles.Square(DataDirectory, 100, 100);
        var ex = Assert.ThrowsAsync<FarmNotFoundException>(() => Designs.AddVariantAsync("nope", Spec(), file, Staff));
        Assert.That(ex!.Message, Does.Contain("unknown design nope"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AddVariantAsync_UnknownProfile_Refused()
    {
        await Designs.AddDesignAsync(Shield, Staff);
        var file = GcodeFiles.Square(DataDirectory, 100, 100);
        Assert.ThrowsAsync<FarmValidationException>(() => Designs.AddVariantAsync("shield", Spec(profile: "nosuchfirmware"), file, Staff));
    }

    [Test]
    public async Task AddDesignAsync_DuplicateId_RefusedAndNothingWritten()
    {
        await Designs.AddDesignAsync(Shield, Staff);
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmConflictException>(() => Designs.AddDesignAsync(Shield with { Name = "other" }, Staff));
        Assert.That(ex!.Message, Does.Contain("exists already"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task SetApprovalAsync_Withdrawn_RecordedWithAudit()
    {
        await Designs.AddDesignAsync(Shield, Staff);
        await Designs.SetApprovalAsync("shield", ApprovalStatus.Withdrawn, "staff:health");
        await using var transaction = await Store.BeginAsync();
        Assert.That((await transaction.GetDesignAsync("shield"))!.Approval, Is.EqualTo(ApprovalStatus.Withdrawn));
        var audit = await transaction.ListAuditAsync("design:shield", 10);
        Assert.That(audit[0].Action, Is.EqualTo("design.approval"));
        Assert.That(audit[0].Actor, Is.EqualTo("staff:health"));
    }

    [Test]
    public async Task AddVariantAsync_RealSample_AcceptedForItsProfile()
    {
        await Designs.AddDesignAsync(Shield, Staff);
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "designs", "ear-saver", "ender3_pla.gcode");
        var variant = await Designs.AddVariantAsync("shield", Spec("ender3", bed: 235), sample, Staff);
        Assert.That(variant.EstimatedTime, Is.GreaterThan(TimeSpan.Zero));
    }
}
