namespace PrintFarm.Coordinator.Tests.Trust;

/// <summary>A test body that fails, instead of hanging the run, when it takes longer than its limit.</summary>
public static class HardLimit
{
    public static async Task RunAsync(TimeSpan limit, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            await body().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the test took longer than its limit of {limit.TotalSeconds:0} s");
        }
    }
}
