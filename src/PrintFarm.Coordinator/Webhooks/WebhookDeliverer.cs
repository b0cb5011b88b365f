using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using PrintFarm.Farm.Storage;
using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>
/// Sends the outbox's deliveries: one at a time per webhook and printer (or kind, for events without a printer), in
/// the order they were written, and at most <see cref="WebhookOptions.Concurrency"/> at once. Each is retried with
/// exponential back-off and jitter, each request under a timeout; every failed attempt is written down, so a restart
/// goes on with the attempts left; after the last one the delivery stays as a dead letter. It wakes when the outbox
/// writes and when a run of deliveries ends, never polling the store in a loop.
/// </summary>
internal sealed partial class WebhookDeliverer : BackgroundService
{
    public const string ClientName = "webhooks";
    private const int Fetch = 1000;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HashSet<(long, string)> _running = [];
    private readonly Lock _gate = new();
    private readonly IFarmStore _store;
    private readonly IHttpClientFactory _http;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDeliverer> _log;
    private readonly SemaphoreSlim _slots;

    private readonly IHostApplicationLifetime _lifetime;

    public WebhookDeliverer(IFarmStore store, IHttpClientFactory http, WebhookOptions options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<WebhookDeliverer> log)
    {
        _lifetime = lifetime;
        _store = store;
        _http = http;
        _options = options;
        _time = time;
        _log = log;
        _slots = new SemaphoreSlim(Math.Max(1, options.Concurrency));
    }

    /// <summary>Tells the loop there may be something to send.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = new List<Task>();
        Wake(); // What an earlier run left pending.
        try
        {
            // The store is migrated and recovered by then: nothing is read before.
            var started = new TaskCompletionSource();
            await using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            while (await _wake.Reader.WaitToReadAsync(stoppingToken))
            {
                _wake.Reader.TryRead(out _);
                runs.RemoveAll(t => t.IsCompleted);
                try
                {
                    runs.AddRange(await StartRunsAsync(stoppingToken));
                }
#pragma warning disable CA1031 // The store may be away for a moment; the next wake tries again.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogLoopFailed(_log, ex);
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken);
                    Wake();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is pending stays in the outbox for the next start.
        }
        await Task.WhenAll(runs);
    }

    private async Task<List<Task>> StartRunsAsync(CancellationToken stoppingToken)
    {
        var pending = await _store.Reader.ListPendingWebhookDeliveriesAsync(Fetch, stoppingToken);
        if (pending.Count == 0)
            return [];
        var webhooks = (await _store.Reader.ListWebhooksAsync(stoppingToken)).ToDictionary(w => w.Id);
        var started = new List<Task>();
        foreach (var group in pending.GroupBy(d => (d.WebhookId, d.OrderKey)))
        {
            if (!webhooks.TryGetValue(group.Key.WebhookId, out var webhook))
                continue;
            lock (_gate)
            {
                if (!_running.Add(group.Key))
                    continue;
            }
            var run = group.OrderBy(d => d.Id).ToList();
            started.Add(Task.Run(() => RunAsync(group.Key, webhook, run, stoppingToken), CancellationToken.None));
        }
        return started;
    }

    /// <summary>One webhook's deliveries for one printer or kind, in order; then a wake, for what came meanwhile.</summary>
    private async Task RunAsync((long, string) key, Webhook webhook, List<WebhookDelivery> run, CancellationToken stoppingToken)
    {
        try
        {
            foreach (var delivery in run)
            {
                await _slots.WaitAsync(stoppingToken);
                try
                {
                    await DeliverAsync(webhook, delivery, stoppingToken);
                }
                finally
                {
                    _slots.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the rest stays pending.
        }
#pragma warning disable CA1031 // A failed write leaves the delivery pending; the next wake tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogLoopFailed(_log, ex);
        }
        finally
        {
            lock (_gate)
                _running.Remove(key);
            Wake();
        }
    }

    private async Task DeliverAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var attempts = delivery.Attempts;
        var left = _options.MaxAttempts - attempts;
        var error = delivery.LastError;
        if (left > 0)
        {
            var pipeline = Pipeline(left, async (e, ct) =>
            {
                attempts++;
                error = e;
                await WriteAsync(delivery with { Attempts = attempts, LastError = e, UpdatedAt = _time.GetUtcNow() }, ct);
            });
            try
            {
                await pipeline.ExecuteAsync(ct => new ValueTask(SendAsync(webhook, delivery, ct)), stoppingToken);
                await using var transaction = await _store.BeginAsync(CancellationToken.None);
                await transaction.DeleteWebhookDeliveryAsync(delivery.Id, CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && Retryable(ex))
            {
                attempts++;
                error = Describe(ex);
            }
        }
        LogDeadLetter(_log, delivery.Id, webhook.Id, attempts, error);
        await WriteAsync(delivery with { Attempts = attempts, LastError = error, Dead = true, UpdatedAt = _time.GetUtcNow() }, CancellationToken.None);
    }

    private ResiliencePipeline Pipeline(int attempts, Func<string, CancellationToken, Task> failed)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(Retryable),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.FirstRetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                OnRetry = async a => await failed(Describe(a.Outcome.Exception), CancellationToken.None),
            });
        }
        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    private async Task SendAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(webhook.Secret, delivery.Body));
        request.Headers.Add(WebhookSignature.EventIdHeader, delivery.EventId);
        request.Headers.Add(WebhookSignature.EventKindHeader, delivery.Kind);
        request.Headers.Add(WebhookSignature.TimestampHeader, _time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var client = _http.CreateClient(ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"the receiver answered {(int)response.StatusCode}", null, response.StatusCode);
    }

    private async Task WriteAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.UpdateWebhookDeliveryAsync(delivery, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static bool Retryable(Exception ex) => ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException or IOException;

    private static string Describe(Exception? ex) => ex switch
    {
        null => "",
        TimeoutRejectedException => "no answer within the timeout",
        _ => ex.Message.Length > 500 ? ex.Message[..500] : ex.Message,
    };

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to webhook {WebhookId} failed {Attempts} times and is a dead letter: {Error}")]
    private static partial void LogDeadLetter(ILogger log, long deliveryId, long webhookId, int attempts, string error);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "The webhook delivery loop failed; it goes on at the next wake")]
    private static partial void LogLoopFailed(ILogger log, Exception error);
}
