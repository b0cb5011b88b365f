using Polly;
using Polly.Retry;

namespace PrintFarm.Printing.Connection;

/// <summary>
/// How every link of the daemon tries again after it cannot connect (a printer's port, the broker): for ever,
/// waiting 1 s, then twice as long each time with jitter, up to a cap. Never a tight loop; cancelled with the
/// token it runs under.
/// </summary>
public static class ReconnectBackoff
{
    /// <param name="onRetry">Called before each wait with the attempt that failed (1, 2, ...), the wait, and the error.</param>
    public static ResiliencePipeline Create(TimeProvider time, TimeSpan maxDelay, Action<int, TimeSpan, Exception?> onRetry) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = maxDelay,
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
