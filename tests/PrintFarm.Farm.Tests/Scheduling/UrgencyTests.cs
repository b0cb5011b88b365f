using PrintFarm.Farm.Scheduling;

namespace PrintFarm.Farm.Tests.Scheduling;

/// <summary>The order of waiting work, as a table: each row says which of two pieces of work a free printer takes first.</summary>
public sealed class UrgencyTests
{
    private static readonly DateTimeOffset Now = new(2020, 3, 20, 9, 0, 0, TimeSpan.Zero);

    /// <param name="a">priority, hours to needed-by (or "-" for none), requester load, hours since the demand was made</param>
    [TestCase("5,-,9,0", "0,2,0,5", "a", TestName = "Of_HigherPriority_GoesFirstWhateverTheDeadline")]
    [TestCase("0,10,0,0", "0,30,0,9", "a", TestName = "Of_EarlierDeadline_GoesFirst")]
    [TestCase("0,30,0,0", "0,-,0,9", "a", TestName = "Of_OnTimeDeadline_GoesBeforeNoDeadline")]
    [TestCase("0,0.5,0,0", "0,10,0,9", "b", TestName = "Of_TooLateToMakeIt_FallsBehindWorkThatCanStillMakeIt")]
    [TestCase("0,0.5,0,0", "0,-,0,9", "a", TestName = "Of_LateWork_GoesBeforeWorkWithNoDeadline")]
    [TestCase("0,-,7,9", "0,-,1,0", "b", TestName = "Of_NoDeadline_RequesterHoldingFewerPrintersGoesFirst")]
    [TestCase("0,-,2,9", "0,-,2,0", "a", TestName = "Of_NoDeadlineSameLoad_OlderDemandGoesFirst")]
    [TestCase("0,0.5,4,0", "0,0.2,1,0", "b", TestName = "Of_LateWork_SharedByLoad")]
    [TestCase("0,10,9,0", "0,30,0,0", "a", TestName = "Of_OnTimeWork_LoadDoesNotDelayAnEarlierDeadline")]
    public void Of_TwoPiecesOfWork_TheRightOneGoesFirst(string a, string b, string first)
    {
        var (ua, ub) = (Parse(a, 1), Parse(b, 2));
        Assert.That(ua < ub ? "a" : "b", Is.EqualTo(first), $"{ua} vs {ub}");
        Assert.That(Math.Sign(ua.CompareTo(ub)), Is.EqualTo(-Math.Sign(ub.CompareTo(ua))), "the order is antisymmetric");
    }

    [Test]
    public void Of_LatestStart_IsNeededByMinusThePrintTime()
    {
        var urgency = Urgency.Of(0, Now.AddHours(10), TimeSpan.FromHours(2), Now, 0, Now, 0);
        Assert.That((urgency.Tier, urgency.LatestStartMs), Is.EqualTo((UrgencyTier.OnTime, Now.AddHours(8).ToUnixTimeMilliseconds())));
    }

    private static Urgency Parse(string row, long sequence)
    {
        var f = row.Split(',');
        DateTimeOffset? neededBy = f[1] == "-" ? null : Now.AddHours(double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
        return Urgency.Of(int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), neededBy, TimeSpan.FromHours(1), Now,
            int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), Now.AddHours(-double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)), sequence);
    }
}
