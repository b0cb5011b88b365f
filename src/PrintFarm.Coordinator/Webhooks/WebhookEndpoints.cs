using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Farm;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Storage;
using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary><c>/api/webhooks</c> (staff): the addresses told of the farm's events, and each one's dead letters.</summary>
internal static class WebhookEndpoints
{
    public const int MaxUrlLength = 2000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(AuthSetup.Staff);
        group.MapGet("/", ListAsync).WithSummary("Webhooks: url, events and filters (staff); secrets are not shown");
        group.MapPost("/", CreateAsync).WithSummary("Add a webhook: {url, events[], secret?, site?, owner?, requester?}; the answer shows the secret once (staff)");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Remove a webhook and what it has waiting (staff)");
        group.MapGet("/{id:long}/dead-letters", DeadLettersAsync).WithSummary("Deliveries to a webhook whose every attempt failed (staff)");
        group.MapPost("/{id:long}/dead-letters/{deliveryId:long}/retry", RetryAsync).WithSummary("Send a dead letter again, with every attempt anew (staff)");
        group.MapDelete("/{id:long}/dead-letters/{deliveryId:long}", DropAsync).WithSummary("Drop a dead letter (staff)");
    }

    private static async Task<IResult> ListAsync(IFarmReader reader, CancellationToken ct)
    {
        var webhooks = (await reader.ListWebhooksAsync(ct).ConfigureAwait(false)).Select(WebhookView.From).ToList();
        return Results.Ok(new ListResult<WebhookView>(webhooks, webhooks.Count));
    }

    private static async Task<IResult> CreateAsync(NewWebhookRequest body, HttpContext http, IFarmStore store, TimeProvider time, CancellationToken ct)
    {
        var webhook = Validate(body) with { CreatedBy = Caller.From(http).Actor, CreatedAt = time.GetUtcNow() };
        await using var transaction = await store.BeginAsync(ct).ConfigureAwait(false);
        var id = await transaction.InsertWebhookAsync(webhook, ct).ConfigureAwait(false);
        await transaction.AppendAuditAsync([new AuditEntry { At = webhook.CreatedAt, Actor = webhook.CreatedBy, Action = "webhook.created", Subject = $"webhook:{id}", Details = webhook.Url }], ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        webhook = webhook with { Id = id };
        return Results.Created($"/api/webhooks/{id}", new CreatedWebhookView(WebhookView.From(webhook), webhook.Secret));
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext http, IFarmStore store, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await store.BeginAsync(ct).ConfigureAwait(false);
        if (!await transaction.DeleteWebhookAsync(id, ct).ConfigureAwait(false))
            throw new FarmNotFoundException($"no webhook {id}");
        await transaction.AppendAuditAsync([new AuditEntry { At = time.GetUtcNow(), Actor = Caller.From(http).Actor, Action = "webhook.deleted", Subject = $"webhook:{id}" }], ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> DeadLettersAsync(long id, IFarmReader reader, CancellationToken ct)
    {
        if ((await reader.ListWebhooksAsync(ct).ConfigureAwait(false)).All(w => w.Id != id))
            throw new FarmNotFoundException($"no webhook {id}");
        var dead = (await reader.ListDeadWebhookDeliveriesAsync(id, 1000, ct).ConfigureAwait(false)).Select(DeadLetterView.From).ToList();
        return Results.Ok(new ListResult<DeadLetterView>(dead, dead.Count));
    }

    private static async Task<IResult> RetryAsync(long id, long deliveryId, HttpContext http, IFarmStore store, WebhookDeliverer deliverer, TimeProvider time, CancellationToken ct)
    {
        var dead = await FindDeadAsync(store, id, deliveryId, ct).ConfigureAwait(false);
        await using (var transaction = await store.BeginAsync(ct).ConfigureAwait(false))
        {
            await transaction.UpdateWebhookDeliveryAsync(dead with { Dead = false, Attempts = 0, UpdatedAt = time.GetUtcNow() }, ct).ConfigureAwait(false);
            await transaction.AppendAuditAsync([new AuditEntry { At = time.GetUtcNow(), Actor = Caller.From(http).Actor, Action = "webhook.retried", Subject = $"webhook:{id}", Details = $"delivery {deliveryId}" }], ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        deliverer.Rescan(id);
        return Results.Accepted();
    }

    private static async Task<IResult> DropAsync(long id, long deliveryId, HttpContext http, IFarmStore store, TimeProvider time, CancellationToken ct)
    {
        await FindDeadAsync(store, id, deliveryId, ct).ConfigureAwait(false);
        await using var transaction = await store.BeginAsync(ct).ConfigureAwait(false);
        await transaction.DeleteWebhookDeliveryAsync(deliveryId, ct).ConfigureAwait(false);
        await transaction.AppendAuditAsync([new AuditEntry { At = time.GetUtcNow(), Actor = Caller.From(http).Actor, Action = "webhook.dropped", Subject = $"webhook:{id}", Details = $"delivery {deliveryId}" }], ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<WebhookDelivery> FindDeadAsync(IFarmStore store, long id, long deliveryId, CancellationToken ct) =>
        (await store.Reader.ListDeadWebhookDeliveriesAsync(id, int.MaxValue, ct).ConfigureAwait(false)).FirstOrDefault(d => d.Id == deliveryId)
        ?? throw new FarmNotFoundException($"webhook {id} has no dead letter {deliveryId}");

    /// <summary>The rules for a new webhook, as a pure check: an absolute http(s) URL, known event kinds, plain filters.</summary>
    public static Webhook Validate(NewWebhookRequest body)
    {
        ArgumentNullException.ThrowIfNull(body);
        const string What = "a webhook";
        if (body.Url is not { Length: > 0 and <= MaxUrlLength } text || !Uri.TryCreate(text, UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo))
            throw new FarmValidationException($"a webhook needs an absolute http or https url of at most {MaxUrlLength} characters, without a user name (got \"{TextRules.Printable(body.Url)}\")");
        if (body.Secret is { } secret && (secret.Length is < 16 or > 200 || !TextRules.IsPlain(secret) || secret.Contains(' ', StringComparison.Ordinal)))
            throw new FarmValidationException("a webhook's secret is 16 to 200 printable characters without spaces; leave it out and one is made");
        return new Webhook
        {
            Url = url.ToString(),
            Events = EventRules.Kinds(body.Events, What),
            Secret = body.Secret ?? WebhookSignature.NewSecret(),
            Site = EventRules.Filter(body.Site, "site", What),
            Owner = EventRules.Filter(body.Owner, "owner", What),
            Requester = EventRules.Filter(body.Requester, "requester", What),
        };
    }
}

public sealed record NewWebhookRequest
{
    public string? Url { get; init; }

    /// <summary>The kinds it takes: <c>job.started</c>, <c>job.completed</c>, <c>job.failed</c>, <c>job.interrupted</c>, <c>printer.needs-bed-clear</c>, <c>printer.error</c>, <c>demand.met</c>, <c>parts.rejected</c>.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>The HMAC key; one is made when left out.</summary>
    public string? Secret { get; init; }

    public string? Site { get; init; }

    public string? Owner { get; init; }

    public string? Requester { get; init; }
}

public sealed record WebhookView(long Id, string Url, IReadOnlyList<string> Events, string? Site, string? Owner, string? Requester, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static WebhookView From(Webhook w) => new(w.Id, w.Url, w.Events, w.Site, w.Owner, w.Requester, w.CreatedBy, w.CreatedAt);
}

/// <summary>The answer to a webhook's creation: the only time its secret is shown.</summary>
public sealed record CreatedWebhookView(WebhookView Webhook, string Secret);

public sealed record DeadLetterView(long Id, string EventId, string Kind, int Attempts, string LastError, DateTimeOffset CreatedAt, DateTimeOffset FailedAt, System.Text.Json.JsonElement Body)
{
    public static DeadLetterView From(WebhookDelivery d) =>
        new(d.Id, d.EventId, d.Kind, d.Attempts, d.LastError, d.CreatedAt, d.UpdatedAt, System.Text.Json.JsonDocument.Parse(d.Body).RootElement.Clone());
}
