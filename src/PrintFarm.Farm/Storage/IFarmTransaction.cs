using PrintFarm.Farm.Access;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Storage;

/// <summary>One unit of work. Disposing it without <see cref="CommitAsync"/> rolls everything back.</summary>
public partial interface IFarmTransaction : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Serialises planners and demand changes (PostgreSQL advisory lock; SQLite holds its write lock already).</summary>
    Task LockPlanningAsync(CancellationToken cancellationToken = default);

    Task<Design?> GetDesignAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Design>> ListDesignsAsync(CancellationToken cancellationToken = default);

    Task InsertDesignAsync(Design design, CancellationToken cancellationToken = default);

    Task UpdateDesignAsync(Design design, CancellationToken cancellationToken = default);

    Task<Variant?> GetVariantAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Variant>> ListVariantsAsync(CancellationToken cancellationToken = default);

    Task InsertVariantAsync(Variant variant, CancellationToken cancellationToken = default);

    Task ApproveVariantAsync(string id, string approvedBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>How many jobs, in any state, print or printed this variant.</summary>
    Task<long> CountJobsOfVariantAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes a variant that no job refers to.</summary>
    Task DeleteVariantAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Writes one row that means nothing, to learn whether the store takes writes (health checks).</summary>
    Task ProbeWriteAsync(DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Who owns this agent id, or null when no printer was ever registered behind it.</summary>
    Task<string?> GetAgentOwnerAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Records (or, for a transfer, replaces) the owner of an agent id.</summary>
    Task SetAgentOwnerAsync(string agentId, string owner, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Reads one printer and, on PostgreSQL, locks its row until the end of the transaction.</summary>
    Task<Printer?> GetPrinterAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default);

    /// <summary>Printers that are neither offline nor in maintenance, counted per set of capabilities.</summary>
    Task<IReadOnlyList<(PrinterCapabilities Capabilities, int Count)>> CountOnlinePrintersAsync(CancellationToken cancellationToken = default);

    /// <summary>Ready printers without a job, locked; rows another transaction holds are skipped.</summary>
    Task<IReadOnlyList<Printer>> LockFreePrintersAsync(CancellationToken cancellationToken = default);

    Task InsertPrinterAsync(Printer printer, CancellationToken cancellationToken = default);

    Task UpdatePrintersAsync(IReadOnlyList<Printer> printers, CancellationToken cancellationToken = default);

    /// <summary>Per site, printers with an assigned job or a job started after <paramref name="startedAfter"/>.</summary>
    Task<IReadOnlyDictionary<string, int>> CountHeatingPerSiteAsync(DateTimeOffset startedAfter, CancellationToken cancellationToken = default);

    Task<long> InsertDemandAsync(DemandRecord demand, CancellationToken cancellationToken = default);

    /// <summary>Reads one demand and, on PostgreSQL, locks its row.</summary>
    Task<DemandRecord?> GetDemandAsync(long id, CancellationToken cancellationToken = default);

    Task UpdateDemandAsync(DemandRecord demand, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DemandRecord>> ListDemandsAsync(bool openOnly, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the jobs in one batch and returns their ids in order. Jobs that carry ids from
    /// <see cref="ReserveJobIdsAsync"/> are stored under them (all or none of the batch); the others get new ones.
    /// </summary>
    Task<IReadOnlyList<long>> InsertJobsAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ids for <paramref name="count"/> jobs not inserted yet, ascending, so a round can refer to its new jobs before
    /// it writes them. PostgreSQL takes them from the sequence; on SQLite, whose writer holds the write lock, they are
    /// the next free ids, so they must be inserted before any other job of the same transaction.
    /// </summary>
    Task<IReadOnlyList<long>> ReserveJobIdsAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>Reads one job and, on PostgreSQL, locks its row.</summary>
    Task<Job?> GetJobAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Jobs in any of <paramref name="states"/>; all jobs when empty.</summary>
    Task<IReadOnlyList<Job>> ListJobsAsync(IReadOnlyCollection<JobState> states, CancellationToken cancellationToken = default);

    /// <summary>Assigned, printing and paused jobs per requester: how much of the farm each requester holds now.</summary>
    Task<IReadOnlyDictionary<string, int>> CountActiveJobsPerRequesterAsync(CancellationToken cancellationToken = default);

    /// <summary>Queued jobs, locked; rows another transaction holds are skipped.</summary>
    Task<IReadOnlyList<Job>> LockQueuedJobsAsync(CancellationToken cancellationToken = default);

    Task UpdateJobsAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LedgerRow>> ListLedgerAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one ledger line (zero when it has none yet) and, on PostgreSQL, locks its row.</summary>
    Task<LedgerCounts> GetLedgerAsync(LedgerKey key, CancellationToken cancellationToken = default);

    /// <summary>Adds each delta to its line, creating lines as needed.</summary>
    Task AddToLedgerAsync(IReadOnlyCollection<KeyValuePair<LedgerKey, LedgerCounts>> deltas, CancellationToken cancellationToken = default);

    Task InsertMovementsAsync(IReadOnlyList<PartMovement> movements, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PartMovement>> ListMovementsAsync(CancellationToken cancellationToken = default);

    Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The latest entries about one subject, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string subject, int limit, CancellationToken cancellationToken = default);

    Task<long> CountAuditAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a key and returns its id.</summary>
    Task<long> InsertApiKeyAsync(ApiKey key, CancellationToken cancellationToken = default);

    /// <summary>Reads one key and, on PostgreSQL, locks its row.</summary>
    Task<ApiKey?> GetApiKeyAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Writes a key's revocation time; the rest of a key never changes.</summary>
    Task UpdateApiKeyAsync(ApiKey key, CancellationToken cancellationToken = default);

    Task InsertNodeAsync(PrintFarm.Farm.Nodes.CollectionNode node, CancellationToken cancellationToken = default);

    Task<PrintFarm.Farm.Nodes.CollectionNode?> GetNodeAsync(string id, CancellationToken cancellationToken = default);

    Task InsertRequesterAsync(PrintFarm.Farm.Requesters.Requester requester, CancellationToken cancellationToken = default);

    /// <summary>A created requester by its exact name; null for one only demands name.</summary>
    Task<PrintFarm.Farm.Requesters.Requester?> GetRequesterAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Adds a webhook; returns its id.</summary>
    Task<long> InsertWebhookAsync(PrintFarm.Farm.Webhooks.Webhook webhook, CancellationToken cancellationToken = default);

    /// <summary>Removes a webhook and its deliveries; false when there was none.</summary>
    Task<bool> DeleteWebhookAsync(long id, CancellationToken cancellationToken = default);

    Task InsertWebhookDeliveriesAsync(IReadOnlyList<PrintFarm.Farm.Webhooks.WebhookDelivery> deliveries, CancellationToken cancellationToken = default);

    /// <summary>Writes a delivery's attempts, last error and whether it is dead.</summary>
    Task UpdateWebhookDeliveryAsync(PrintFarm.Farm.Webhooks.WebhookDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Removes a delivery the receiver took.</summary>
    Task DeleteWebhookDeliveryAsync(long id, CancellationToken cancellationToken = default);
}
