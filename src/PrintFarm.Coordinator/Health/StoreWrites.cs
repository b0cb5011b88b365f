using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Health;

/// <summary>
/// Writes that must not be lost, such as a printer's completed, failed or interrupted job with its parts: each is tried
/// again, waiting 0.2 s and then twice as long up to 5 s, until the store takes it. A refusal by the farm
/// (<see cref="FarmValidationException"/>) is an answer, not a failure, and is not retried. While writes fail,
/// <see cref="Failing"/> says why, and <c>/healthz</c> reports the store unhealthy.
/// </summary>
public sealed partial class StoreWrites
{
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<StoreWrites> _log;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private string? _failing;
    private DateTimeOffset _failedAt;
    private readonly CancellationToken _stopping;

    public StoreWrites(TimeProvider time, ILogger<StoreWrites> log, IHostApplicationLifetime? lifetime = null)
    {
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        _time = time;
        _log = log;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not (OperationCanceledException or FarmValidationException)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    Failed(args.Outcome.Exception);
                    LogRetry(_log, args.AttemptNumber + 1, args.RetryDelay.TotalSeconds, args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Why the last write failed, while no write has succeeded since; null when the store takes writes.</summary>
    public string? Failing
    {
        get
        {
            lock (_gate)
                return _failing;
        }
    }

    /// <summary>When the last failure was recorded.</summary>
    public DateTimeOffset FailedAt
    {
        get
        {
            lock (_gate)
                return _failedAt;
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> until the store takes it, or until <paramref name="cancellationToken"/> or the coordinator's
    /// stopping ends the wait (an agent's journal then sends the event again after the restart).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        // The first try always runs, also while the coordinator stops (its last writes record the jobs it interrupts);
        // only the retries end with the stop.
        try
        {
            var first = await write(cancellationToken).ConfigureAwait(false);
            Succeeded();
            return first;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or FarmValidationException))
        {
            Failed(ex);
            LogRetry(_log, 1, 0, ex.Message);
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);
        var result = await _pipeline.ExecuteAsync(async ct => await write(ct).ConfigureAwait(false), linked.Token).ConfigureAwait(false);
        Succeeded();
        return result;
    }

    /// <summary>Records a failed write seen elsewhere (an API request that could not be stored).</summary>
    public void Failed(Exception? ex)
    {
        lock (_gate)
        {
            _failing = ex?.GetType().Name ?? "write failed";
            _failedAt = _time.GetUtcNow();
        }
    }

    /// <summary>Records that a write went through.</summary>
    public void Succeeded()
    {
        lock (_gate)
            _failing = null;
    }
}
