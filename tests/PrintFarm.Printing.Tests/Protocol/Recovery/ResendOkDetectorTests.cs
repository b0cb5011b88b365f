using PrintFarm.Printing.Protocol;

namespace PrintFarm.Printing.Tests.Protocol.Recovery;

public class ResendOkDetectorTests
{
    [TestCase(3, 3, true)]
    [TestCase(0, 3, false)]
    [TestCase(1, 1, true)]
    [TestCase(0, 1, false)]
    [TestCase(2, 3, null)]
    [TestCase(4, 3, null)]
    [TestCase(0, 0, null)]
    [TestCase(2, 0, null)]
    public void Read_ExtraOksAgainstResends_GivesEvidence(long extraOks, long resends, bool? expected) =>
        Assert.That(ResendOkDetector.Read(extraOks, resends), Is.EqualTo(expected));

    [Test]
    public void Sync_TwoReadingsWithoutOk_ChangesBelief()
    {
        var detector = new ResendOkDetector(initialGuess: true, overridden: false);
        // Ten lines settled, two resend requests, and only the ten lines' oks: no ok after a resend.
        Ledger(detector, oks: 10, settled: 10, resends: 2);
        Assert.That(detector.Sync(), Is.False, "one reading decides nothing");
        Ledger(detector, oks: 5, settled: 5, resends: 1);
        Assert.That(detector.Sync(), Is.True);
        Assert.That(detector.OkAfterResend, Is.False);
        Assert.That(detector.Confirmed, Is.True);
    }

    [Test]
    public void Sync_ReadingsDisagree_KeepsBelief()
    {
        var detector = new ResendOkDetector(initialGuess: true, overridden: false);
        Ledger(detector, oks: 10, settled: 10, resends: 2);
        detector.Sync();
        Ledger(detector, oks: 12, settled: 10, resends: 2);
        Assert.That(detector.Sync(), Is.False);
        Assert.That(detector.OkAfterResend, Is.True);
    }

    [Test]
    public void Sync_LostOkMeanwhile_ProvesNothing()
    {
        var detector = new ResendOkDetector(initialGuess: false, overridden: false);
        Ledger(detector, oks: 10, settled: 9, resends: 2);
        Assert.That(detector.Sync(), Is.False);
        Ledger(detector, oks: 10, settled: 9, resends: 2);
        Assert.That(detector.Sync(), Is.False);
        Assert.That(detector.Confirmed, Is.False);
    }

    [Test]
    public void Sync_Overridden_NeverChanges()
    {
        var detector = new ResendOkDetector(initialGuess: true, overridden: true);
        for (var i = 0; i < 3; i++)
        {
            Ledger(detector, oks: 4, settled: 4, resends: 1);
            Assert.That(detector.Sync(), Is.False);
        }
        Assert.That(detector.OkAfterResend, Is.True);
    }

    private static void Ledger(ResendOkDetector detector, int oks, int settled, int resends)
    {
        for (var i = 0; i < oks; i++)
            detector.Ok();
        detector.Settled(settled);
        for (var i = 0; i < resends; i++)
            detector.ResendRequest();
    }
}
