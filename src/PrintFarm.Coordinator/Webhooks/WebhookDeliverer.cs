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
/// the order they were written. Each webhook's outbox is read on from where it was last read (at most
/// <see cref="WebhookOptions.BufferPerWebhook"/> rows held at once), so one webhook's backlog never hides another's
/// new rows. At most <see cref="WebhookOptions.ConcurrencyPerWebhook"/> requests go to one webhook at once and
/// <see cref="WebhookOptions.Concurrency"/> in all; a slot is held only for a request, not for the back-off between
/// attempts, so a receiver that never answers cannot hold up the others. Each delivery is retried with exponential
/// back-off and jitter, each request under a timeout; every failed attempt is written down, so a restart goes on
/// with the attempts left; after the last one the delivery stays as a dead letter. Delivered rows are removed in
/// batches, a few milliseconds later (a stop in between sends them again, as an answer lost on the way would). It
/// wakes when the outbox writes and when a run of deliveries ends, never polling the store in a loop.
/// </summary>
internal sealed partial class WebhookDeliverer : BackgroundService
{
    public const string ClientName = "webhooks";
    private const int Fetch = 500;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<(WebhookState State, long Id)> _delivered = Channel.CreateUnbounded<(WebhookState, long)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<long, WebhookState> _webhooks = [];
    private readonly List<Task> _runs = [];
    private readonly Lock _gate = new();
    private readonly IFarmStore _store;
    private readonly IHttpClientFactory _http;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDeliverer> _log;
    private readonly SemaphoreSlim _slots;
    private readonly ResiliencePipeline _timeout;

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
        _timeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>Tells the loop there may be something to send.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Tells the loop a row it had passed is pending again (a dead letter sent again): read that webhook's outbox from the start.</summary>
    public void Rescan(long webhookId)
    {
        lock (_gate)
        {
            if (_webhooks.TryGetValue(webhookId, out var state))
                state.Cursor = 0;
        }
        Wake();
    }

    public override void Dispose()
    {
        _slots.Dispose();
        lock (_gate)
        {
            foreach (var state in _webhooks.Values)
                state.Slots.Dispose();
        }
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deleter = Task.Run(() => DeleteDeliveredAsync(), CancellationToken.None);
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
                try
                {
                    await ReadAndStartAsync(stoppingToken);
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
        Task[] runs;
        lock (_gate)
            runs = [.. _runs];
        await Task.WhenAll(runs);
        _delivered.Writer.TryComplete();
        await deleter;
    }

    /// <summary>Reads each webhook's outbox on from its cursor, queues the rows by printer or kind, and starts a run for each queue not running.</summary>
    private async Task ReadAndStartAsync(CancellationToken stoppingToken)
    {
        var webhooks = await _store.Reader.ListWebhooksAsync(stoppingToken);
        List<WebhookState> states;
        lock (_gate)
        {
            _runs.RemoveAll(t => t.IsCompleted);
            foreach (var gone in _webhooks.Keys.Where(id => webhooks.All(w => w.Id != id)).ToList())
            {
                _webhooks[gone].Removed = true;
                _webhooks.Remove(gone);
            }
            foreach (var webhook in webhooks)
            {
                if (!_webhooks.ContainsKey(webhook.Id))
                    _webhooks[webhook.Id] = new WebhookState(webhook, Math.Max(1, _options.ConcurrencyPerWebhook));
            }
            states = [.. _webhooks.Values];
        }
        foreach (var state in states)
        {
            while (true)
            {
                long cursor;
                int room;
                lock (_gate)
                {
                    cursor = state.Cursor;
                    room = _options.BufferPerWebhook - state.Known.Count;
                }
                if (room <= 0)
                    break;
                var rows = await _store.Reader.ListPendingWebhookDeliveriesAsync(state.Webhook.Id, cursor, Math.Min(Fetch, room), stoppingToken);
                lock (_gate)
                {
                    foreach (var row in rows)
                    {
                        if (!state.Known.Add(row.Id))
                            continue;
                        if (!state.Queues.TryGetValue(row.OrderKey, out var queue))
                            state.Queues[row.OrderKey] = queue = new Queue<WebhookDelivery>();
                        queue.Enqueue(row);
                        if (state.Running.Add(row.OrderKey))
                        {
                            var key = row.OrderKey;
                            _runs.Add(Task.Run(() => RunAsync(state, key, stoppingToken), CancellationToken.None));
                        }
                    }
                    // A rescan asked meanwhile (cursor set to 0) wins over moving on.
                    if (rows.Count > 0 && state.Cursor == cursor)
                        state.Cursor = rows[^1].Id;
                }
                if (rows.Count < Math.Min(Fetch, room))
                    break;
            }
        }
    }

    /// <summary>One webhook's deliveries for one printer or kind, in order, until its queue is empty; then a wake, for what came meanwhile.</summary>
    private async Task RunAsync(WebhookState state, string key, CancellationToken stoppingToken)
    {
        var read = false;
        try
        {
            while (!state.Removed)
            {
                WebhookDelivery delivery;
                lock (_gate)
                {
                    if (!state.Queues.TryGetValue(key, out var queue) || !queue.TryDequeue(out delivery!))
                    {
                        state.Queues.Remove(key);
                        state.Running.Remove(key);
                        read = state.Known.Count >= _options.BufferPerWebhook / 2;
                        return;
                    }
                }
                await DeliverAsync(state, delivery, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the rest stays pending.
        }
#pragma warning disable CA1031 // A failed write leaves the delivery pending; the next wake reads it again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogLoopFailed(_log, ex);
            read = true;
        }
        // Stopped, removed or failed: what is queued here is forgotten and read again from the outbox.
        lock (_gate)
        {
            if (state.Queues.Remove(key, out var left))
            {
                foreach (var d in left)
                    state.Forget(d.Id);
            }
            state.Running.Remove(key);
            state.Cursor = 0;
        }
        if (read && !stoppingToken.IsCancellationRequested)
            Wake();
        return;
    }

    private async Task DeliverAsync(WebhookState state, WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var webhook = state.Webhook;
        var attempts = delivery.Attempts;
        var left = _options.MaxAttempts - attempts;
        var error = delivery.LastError;
        try
        {
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
                    await pipeline.ExecuteAsync(async ct =>
                    {
                        // A slot of this webhook's, then one of all: held for the request only, never for the back-off.
                        await state.Slots.WaitAsync(ct);
                        try
                        {
                            await _slots.WaitAsync(ct);
                            try
                            {
                                // The timeout counts from here: waiting for a slot is not the receiver's fault.
                                await _timeout.ExecuteAsync(async t => await SendAsync(webhook, delivery, t), ct);
                            }
                            finally
                            {
                                _slots.Release();
                            }
                        }
                        finally
                        {
                            state.Slots.Release();
                        }
                    }, stoppingToken);
                    _delivered.Writer.TryWrite((state, delivery.Id));
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
            lock (_gate)
                state.Forget(delivery.Id);
        }
        catch
        {
            lock (_gate)
                state.Forget(delivery.Id);
            throw;
        }
    }

    /// <summary>
    /// Removes delivered rows in batches: whatever was delivered in <see cref="WebhookOptions.DeleteDelay"/>, in one
    /// transaction. A row stays known (never read again) until its removal is committed.
    /// </summary>
    private async Task DeleteDeliveredAsync()
    {
        var batch = new List<(WebhookState State, long Id)>();
        while (await _delivered.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (_options.DeleteDelay > TimeSpan.Zero && !_delivered.Reader.Completion.IsCompleted)
            {
                try
                {
                    await Task.Delay(_options.DeleteDelay, _time);
                }
                catch (ObjectDisposedException)
                {
                }
            }
            batch.Clear();
            while (_delivered.Reader.TryRead(out var item))
                batch.Add(item);
            if (batch.Count == 0)
                continue;
            try
            {
                await using (var transaction = await _store.BeginAsync(CancellationToken.None))
                {
                    await transaction.DeleteWebhookDeliveriesAsync(batch.Select(b => b.Id).ToList(), CancellationToken.None);
                    await transaction.CommitAsync(CancellationToken.None);
                }
            }
#pragma warning disable CA1031 // Rows not removed are sent again after the next read: at least once.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLoopFailed(_log, ex);
            }
            lock (_gate)
            {
                foreach (var (state, id) in batch)
                    state.Forget(id);
            }
            Wake();
        }
    }

    /// <summary>What the loop holds of one webhook: where its outbox was read to, its queues by printer or kind, and its request slots.</summary>
    private sealed class WebhookState(Webhook webhook, int slots)
    {
        public Webhook Webhook { get; } = webhook;

        public SemaphoreSlim Slots { get; } = new(slots);

        /// <summary>The last id read; 0 reads from the start (rows already known are skipped).</summary>
        public long Cursor { get; set; }

        /// <summary>Ids queued, in flight, or delivered and not yet removed.</summary>
        public SortedSet<long> Known { get; } = [];

        /// <summary>
        /// A row is no longer held. SQLite gives a new row the highest id there is plus one, so once the highest rows
        /// are removed it gives their ids again: the cursor never stays above the highest row still held, and a new
        /// row, above every row that exists, is never passed over.
        /// </summary>
        public void Forget(long id)
        {
            Known.Remove(id);
            Cursor = Math.Min(Cursor, Known.Count == 0 ? 0 : Known.Max);
        }

        public Dictionary<string, Queue<WebhookDelivery>> Queues { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Running { get; } = new(StringComparer.Ordinal);

        public volatile bool Removed;
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
        return builder.Build();
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
