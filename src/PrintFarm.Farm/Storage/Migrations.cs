namespace PrintFarm.Farm.Storage;

/// <summary>
/// The schema, as an ordered list of migrations. Never edit a released one: add the next version.
/// Times are Unix milliseconds; enum values are kebab-case text.
/// </summary>
public static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "farm core", """
            CREATE TABLE designs (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, licence TEXT NOT NULL, source_url TEXT NOT NULL,
                category TEXT NOT NULL, approval TEXT NOT NULL, created_at {int} NOT NULL);
            CREATE TABLE variants (
                id TEXT PRIMARY KEY, design_id TEXT NOT NULL REFERENCES designs(id), sha256 TEXT NOT NULL,
                profile TEXT NOT NULL, material TEXT NOT NULL, nozzle_mm {real} NOT NULL,
                min_bed_x_mm {real} NOT NULL, min_bed_y_mm {real} NOT NULL, parts_per_plate {int} NOT NULL,
                estimated_ms {int} NOT NULL, created_at {int} NOT NULL);
            CREATE TABLE printers (
                id TEXT PRIMARY KEY, owner_kind TEXT NOT NULL, owner TEXT NOT NULL, site TEXT NOT NULL, node TEXT NOT NULL,
                link_kind TEXT NOT NULL, link_address TEXT NOT NULL, bed_x_mm {real} NOT NULL, bed_y_mm {real} NOT NULL,
                nozzle_mm {real} NOT NULL, material TEXT NOT NULL, profile TEXT NOT NULL, state TEXT NOT NULL,
                current_job_id {int}, bed_job_id {int}, jobs_done {int} NOT NULL, jobs_failed {int} NOT NULL,
                parts {int} NOT NULL, last_failure_at {int}, registered_at {int} NOT NULL);
            CREATE UNIQUE INDEX ux_printers_current_job ON printers(current_job_id) WHERE current_job_id IS NOT NULL;
            CREATE INDEX ix_printers_state ON printers(state);
            CREATE TABLE demands (
                id {id}, requester TEXT NOT NULL, requester_kind TEXT NOT NULL, design_id TEXT NOT NULL REFERENCES designs(id),
                quantity {int} NOT NULL, priority {int} NOT NULL, needed_by {int}, node TEXT NOT NULL, state TEXT NOT NULL,
                delivered {int} NOT NULL, created_at {int} NOT NULL);
            CREATE INDEX ix_demands_state ON demands(state);
            CREATE TABLE jobs (
                id {id}, design_id TEXT NOT NULL, variant_id TEXT NOT NULL REFERENCES variants(id), requester TEXT NOT NULL,
                node TEXT NOT NULL, parts {int} NOT NULL, priority {int} NOT NULL, needed_by {int}, state TEXT NOT NULL,
                printer_id TEXT, attempts {int} NOT NULL, failed_printers TEXT NOT NULL, good_parts {int},
                created_at {int} NOT NULL, updated_at {int} NOT NULL, started_at {int});
            CREATE INDEX ix_jobs_state ON jobs(state);
            CREATE UNIQUE INDEX ux_jobs_active_printer ON jobs(printer_id) WHERE state IN ('assigned', 'printing', 'paused');
            CREATE TABLE ledger (
                design_id TEXT NOT NULL, requester TEXT NOT NULL, node TEXT NOT NULL,
                requested {int} NOT NULL, planned {int} NOT NULL, printing {int} NOT NULL, printed {int} NOT NULL,
                collected {int} NOT NULL, passed {int} NOT NULL, rejected {int} NOT NULL, delivered {int} NOT NULL,
                PRIMARY KEY (design_id, requester, node));
            CREATE TABLE movements (
                id {id}, design_id TEXT NOT NULL, requester TEXT NOT NULL, node TEXT NOT NULL, from_stage TEXT, to_stage TEXT,
                count {int} NOT NULL, demand_id {int}, actor TEXT NOT NULL, at {int} NOT NULL);
            CREATE TABLE audit (
                id {id}, at {int} NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, details TEXT NOT NULL);
            CREATE INDEX ix_audit_subject ON audit(subject, id);
            """),
        new(2, "printer names", """
            ALTER TABLE printers ADD COLUMN name TEXT NOT NULL DEFAULT '';
            UPDATE printers SET name = id;
            """),
        new(3, "direct job targets", """
            ALTER TABLE jobs ADD COLUMN target_printer_id TEXT;
            ALTER TABLE jobs ADD COLUMN target_site TEXT;
            """),
        new(4, "stock is requester stock", """
            UPDATE jobs SET requester = 'stock' WHERE requester = '';
            UPDATE movements SET requester = 'stock' WHERE requester = '';
            INSERT INTO ledger (design_id, requester, node, requested, planned, printing, printed, collected, passed, rejected, delivered)
                SELECT design_id, 'stock', node, requested, planned, printing, printed, collected, passed, rejected, delivered
                FROM ledger WHERE requester = ''
                ON CONFLICT (design_id, requester, node) DO UPDATE SET
                    requested = ledger.requested + excluded.requested, planned = ledger.planned + excluded.planned,
                    printing = ledger.printing + excluded.printing, printed = ledger.printed + excluded.printed,
                    collected = ledger.collected + excluded.collected, passed = ledger.passed + excluded.passed,
                    rejected = ledger.rejected + excluded.rejected, delivered = ledger.delivered + excluded.delivered;
            DELETE FROM ledger WHERE requester = '';
            """),
        new(5, "movement kinds", """
            ALTER TABLE movements ADD COLUMN kind TEXT NOT NULL DEFAULT '';
            UPDATE movements SET kind = CASE to_stage
                WHEN 'collected' THEN 'collect' WHEN 'passed' THEN 'pass' WHEN 'rejected' THEN 'reject' ELSE 'deliver' END;
            """),
        new(6, "read path indexes", """
            CREATE INDEX ix_printers_site ON printers(site);
            CREATE INDEX ix_printers_owner ON printers(owner);
            CREATE INDEX ix_jobs_printer ON jobs(printer_id, id);
            CREATE INDEX ix_jobs_target_printer ON jobs(target_printer_id, id) WHERE target_printer_id IS NOT NULL;
            CREATE INDEX ix_jobs_requester ON jobs(requester, id);
            CREATE INDEX ix_demands_requester ON demands(requester);
            CREATE INDEX ix_ledger_requester ON ledger(requester);
            CREATE INDEX ix_ledger_node ON ledger(node);
            """),
        new(7, "api keys", """
            CREATE TABLE api_keys (
                id {id}, name TEXT NOT NULL, role TEXT NOT NULL, owner TEXT, printer_id TEXT, hash TEXT NOT NULL, prefix TEXT NOT NULL,
                created_at {int} NOT NULL, revoked_at {int});
            CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys(hash);
            """),
        // Variants of designs that were approved before this version count as approved: nothing recorded who added them.
        new(8, "design owners, variant approval, agent owners, write probe", """
            ALTER TABLE designs ADD COLUMN owner TEXT;
            ALTER TABLE variants ADD COLUMN added_by TEXT NOT NULL DEFAULT '';
            ALTER TABLE variants ADD COLUMN approved_by TEXT;
            ALTER TABLE variants ADD COLUMN approved_at {int};
            UPDATE variants SET approved_by = 'migration', approved_at = created_at
                WHERE design_id IN (SELECT id FROM designs WHERE approval = 'approved');
            CREATE TABLE agent_owners (
                agent_id TEXT PRIMARY KEY, owner TEXT NOT NULL, claimed_by TEXT NOT NULL, claimed_at {int} NOT NULL);
            INSERT INTO agent_owners (agent_id, owner, claimed_by, claimed_at)
                SELECT link_address, MIN(owner), 'migration', MIN(registered_at) FROM printers WHERE link_kind = 'agent' GROUP BY link_address;
            CREATE TABLE store_probe (id {int} PRIMARY KEY, at {int} NOT NULL);
            """),
        // Nodes that printers or parts already name stay known through them; this table holds the ones staff create.
        new(9, "collection nodes", """
            CREATE TABLE nodes (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_by TEXT NOT NULL, created_at {int} NOT NULL);
            """),
        // Requesters that demands already name stay known through them; this table holds the ones staff create.
        new(10, "requesters", """
            CREATE TABLE requesters (name TEXT PRIMARY KEY, kind TEXT NOT NULL, created_by TEXT NOT NULL, created_at {int} NOT NULL);
            """),
        // Each delivery is written here before it is tried, so a restart loses none; a delivered one is removed.
        new(11, "webhooks and their deliveries", """
            CREATE TABLE webhooks (
                id {id}, url TEXT NOT NULL, events TEXT NOT NULL, secret TEXT NOT NULL, site TEXT, owner TEXT, requester TEXT,
                created_by TEXT NOT NULL, created_at {int} NOT NULL);
            CREATE TABLE webhook_deliveries (
                id {id}, webhook_id {int} NOT NULL, event_id TEXT NOT NULL, kind TEXT NOT NULL, order_key TEXT NOT NULL,
                body TEXT NOT NULL, dead {int} NOT NULL, attempts {int} NOT NULL, last_error TEXT NOT NULL,
                created_at {int} NOT NULL, updated_at {int} NOT NULL);
            CREATE INDEX ix_webhook_deliveries_webhook ON webhook_deliveries(webhook_id, dead, id);
            """),
        // Each event an address takes is written here before any message is sent; a sent batch is removed, and when
        // each kind last went out is kept, so that a restart neither loses an event nor sends a kind twice in a window.
        new(12, "e-mail recipients, their pending events and when each kind was last sent", """
            CREATE TABLE email_recipients (
                id {id}, address TEXT NOT NULL, events TEXT NOT NULL, site TEXT, owner TEXT, requester TEXT,
                created_by TEXT NOT NULL, created_at {int} NOT NULL);
            CREATE TABLE email_pending (
                id {id}, recipient_id {int} NOT NULL, kind TEXT NOT NULL, event_id TEXT NOT NULL, summary TEXT NOT NULL, at {int} NOT NULL);
            CREATE INDEX ix_email_pending_recipient ON email_pending(recipient_id, kind, id);
            CREATE TABLE email_sent (
                recipient_id {int} NOT NULL, kind TEXT NOT NULL, at {int} NOT NULL, PRIMARY KEY (recipient_id, kind));
            """),
        // Only a hash of each invitation's code is kept, as for API keys; a maker key made by a join is bound to its node.
        new(13, "invitations, and the node a key is bound to", """
            CREATE TABLE invitations (
                id {id}, hash TEXT NOT NULL, node TEXT NOT NULL, batch TEXT, note TEXT, created_by TEXT NOT NULL, created_at {int} NOT NULL,
                expires_at {int} NOT NULL, revoked_at {int}, revoked_by TEXT, used_at {int}, used_by TEXT, key_id {int});
            CREATE UNIQUE INDEX ux_invitations_hash ON invitations(hash);
            CREATE INDEX ix_invitations_batch ON invitations(batch);
            CREATE INDEX ix_invitations_used_by ON invitations(used_by);
            ALTER TABLE api_keys ADD COLUMN node TEXT;
            """),
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int Latest => All[^1].Version;
}
