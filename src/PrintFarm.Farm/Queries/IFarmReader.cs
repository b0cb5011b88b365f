using PrintFarm.Farm.Access;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Queries;

/// <summary>
/// The read path: plain indexed SELECTs on pooled connections, outside any write transaction, safe to call from many
/// threads at once. On SQLite (WAL) a read never waits for the writer and the writer never waits for reads; on PostgreSQL
/// reads take no row locks. Each call sees the data committed when it ran; a page's <see cref="Page{T}.Total"/> may be
/// counted a moment after its items. Bad paging raises <see cref="FarmValidationException"/>.
/// </summary>
public partial interface IFarmReader
{
    Task<Page<Printer>> ListPrintersAsync(PrinterQuery query, CancellationToken cancellationToken = default);

    Task<Printer?> GetPrinterAsync(string id, CancellationToken cancellationToken = default);

    Task<Page<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default);

    Task<Job?> GetJobAsync(long id, CancellationToken cancellationToken = default);

    Task<Page<Design>> ListDesignsAsync(DesignQuery query, CancellationToken cancellationToken = default);

    Task<Design?> GetDesignAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The variants of one design, ordered by id; empty for an unknown design.</summary>
    Task<IReadOnlyList<Variant>> ListVariantsAsync(string designId, CancellationToken cancellationToken = default);

    Task<Variant?> GetVariantAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every variant whose G-code has this SHA-256 (lower-case hex), in any design.</summary>
    Task<IReadOnlyList<Variant>> ListVariantsBySha256Async(string sha256, CancellationToken cancellationToken = default);

    Task<Page<DemandRecord>> ListDemandsAsync(DemandQuery query, CancellationToken cancellationToken = default);

    Task<DemandRecord?> GetDemandAsync(long id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LedgerRow>> ListLedgerAsync(LedgerQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest audit entries about one subject, newest first, at most <paramref name="limit"/> (1 to
    /// <see cref="Paging.MaxLimit"/>). A job's events are <c>ListAuditAsync("job:42", ...)</c>.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string subject, int limit, CancellationToken cancellationToken = default);

    /// <summary>Printers and jobs per state and the part totals, for metrics.</summary>
    Task<FarmCounts> GetCountsAsync(CancellationToken cancellationToken = default);

    /// <summary>The active key whose secret hashes to <paramref name="hash"/>; <see cref="ApiKeyBook.FindAsync"/> takes the secret.</summary>
    Task<ApiKey?> FindActiveApiKeyAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Every key, revoked ones included, ordered by id.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="owner"/> holds an active key of <paramref name="role"/> (an agent its agent key, say).</summary>
    Task<bool> HasActiveApiKeyAsync(ApiRole role, string owner, CancellationToken cancellationToken = default);

    Task<long> CountActiveApiKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>The nodes staff created (or the config file named), by id.</summary>
    Task<IReadOnlyList<PrintFarm.Farm.Nodes.CollectionNode>> ListNodesAsync(CancellationToken cancellationToken = default);

    /// <summary>Every node the farm knows: created ones, and every node a printer delivers to or the ledger has parts at; by id.</summary>
    Task<IReadOnlyList<string>> ListNodeIdsInUseAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every requester the farm knows, by name: the created ones, and every one a demand names (those carry the kind of
    /// their demands and no <see cref="PrintFarm.Farm.Requesters.Requester.CreatedBy"/>).
    /// </summary>
    Task<IReadOnlyList<PrintFarm.Farm.Requesters.Requester>> ListRequestersAsync(CancellationToken cancellationToken = default);

    /// <summary>How many open demands each requester has; a requester without any is absent.</summary>
    Task<IReadOnlyDictionary<string, long>> CountOpenDemandsByRequesterAsync(CancellationToken cancellationToken = default);

    /// <summary>Every webhook, by id.</summary>
    Task<IReadOnlyList<PrintFarm.Farm.Webhooks.Webhook>> ListWebhooksAsync(CancellationToken cancellationToken = default);

    /// <summary>The oldest deliveries still to be tried, by id.</summary>
    Task<IReadOnlyList<PrintFarm.Farm.Webhooks.WebhookDelivery>> ListPendingWebhookDeliveriesAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>A webhook's dead letters, oldest first: deliveries whose every attempt failed.</summary>
    Task<IReadOnlyList<PrintFarm.Farm.Webhooks.WebhookDelivery>> ListDeadWebhookDeliveriesAsync(long webhookId, int limit, CancellationToken cancellationToken = default);
}
