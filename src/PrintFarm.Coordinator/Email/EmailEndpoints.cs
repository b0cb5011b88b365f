using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Webhooks;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Email;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Email;

/// <summary>
/// <c>/api/email-recipients</c>: the addresses told of the farm's events by e-mail. Staff add any address with any
/// filters; a maker adds their own address, which hears only of their own printers (its owner is theirs, always).
/// </summary>
internal static class EmailEndpoints
{
    public const int MaxAddressLength = 254;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/email-recipients").WithTags("E-mail").RequireAuthorization(AuthSetup.Write);
        group.MapGet("/", ListAsync).WithSummary("E-mail recipients: every one for staff, a maker's own for a maker");
        group.MapPost("/", CreateAsync).WithSummary("Add an address: {address, events[], site?, owner?, requester?}; a maker's is bound to their own printers");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Remove an address and what it has waiting (staff, or the maker who added it)");
    }

    private static async Task<IResult> ListAsync(HttpContext http, IFarmReader reader, ServeOptions options, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var recipients = (await reader.ListEmailRecipientsAsync(ct).ConfigureAwait(false))
            .Where(r => caller.IsStaff || Owns(caller, r)).Select(EmailRecipientView.From).ToList();
        return Results.Ok(new EmailRecipientList(recipients, recipients.Count, options.Email.Host is not null));
    }

    private static async Task<IResult> CreateAsync(NewEmailRecipientRequest body, HttpContext http, IFarmStore store, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var recipient = Validate(body);
        if (!caller.IsStaff)
        {
            if (caller.Owner is null)
                return Forbidden.Because("this maker key names no owner, so it has no printers to hear of");
            if (recipient.Owner is { } owner && owner != caller.Owner)
                return Forbidden.Because($"a maker hears only of their own printers (owner \"{caller.Owner}\"), not of \"{owner}\"'s");
            recipient = recipient with { Owner = caller.Owner };
        }
        recipient = recipient with { CreatedBy = caller.Actor, CreatedAt = time.GetUtcNow() };
        var existing = await store.Reader.ListEmailRecipientsAsync(ct).ConfigureAwait(false);
        if (existing.Any(r => string.Equals(r.Address, recipient.Address, StringComparison.OrdinalIgnoreCase) && r.Owner == recipient.Owner
                              && r.Site == recipient.Site && r.Requester == recipient.Requester))
            throw new FarmConflictException($"{recipient.Address} is already told of these events; remove it first to change its kinds");
        await using var transaction = await store.BeginAsync(ct).ConfigureAwait(false);
        var id = await transaction.InsertEmailRecipientAsync(recipient, ct).ConfigureAwait(false);
        await transaction.AppendAuditAsync([new AuditEntry { At = recipient.CreatedAt, Actor = recipient.CreatedBy, Action = "email.recipient-added", Subject = $"email:{id}", Details = recipient.Address }], ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return Results.Created($"/api/email-recipients/{id}", EmailRecipientView.From(recipient with { Id = id }));
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext http, IFarmStore store, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var recipient = (await store.Reader.ListEmailRecipientsAsync(ct).ConfigureAwait(false)).FirstOrDefault(r => r.Id == id);
        // Another maker's address is as absent as one that never was.
        if (recipient is null || (!caller.IsStaff && !Owns(caller, recipient)))
            throw new FarmNotFoundException($"no e-mail recipient {id}");
        await using var transaction = await store.BeginAsync(ct).ConfigureAwait(false);
        await transaction.DeleteEmailRecipientAsync(id, ct).ConfigureAwait(false);
        await transaction.AppendAuditAsync([new AuditEntry { At = time.GetUtcNow(), Actor = caller.Actor, Action = "email.recipient-removed", Subject = $"email:{id}", Details = recipient.Address }], ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static bool Owns(Caller caller, EmailRecipient recipient) =>
        caller.Role == ApiRole.Maker && caller.Owner is not null && recipient.Owner == caller.Owner;

    /// <summary>The rules for a new recipient, as a pure check: one plain address, known event kinds, plain filters.</summary>
    public static EmailRecipient Validate(NewEmailRecipientRequest body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var text = body.Address?.Trim();
        if (text is not { Length: > 2 and <= MaxAddressLength } || !TextRules.IsPlain(text) || text.Contains(' ', StringComparison.Ordinal)
            || !MimeKit.MailboxAddress.TryParse(text, out var mailbox) || mailbox.Address != text || mailbox.Address.Count(c => c == '@') != 1
            || mailbox.Address.StartsWith('@') || mailbox.Address.EndsWith('@'))
            throw new FarmValidationException($"an e-mail recipient needs one plain address such as anna@example.org, at most {MaxAddressLength} characters (got \"{TextRules.Printable(body.Address)}\")");
        const string What = "an e-mail recipient";
        return new EmailRecipient
        {
            Address = text,
            Events = EventRules.Kinds(body.Events, What),
            Site = EventRules.Filter(body.Site, "site", What),
            Owner = EventRules.Filter(body.Owner, "owner", What),
            Requester = EventRules.Filter(body.Requester, "requester", What),
        };
    }
}

public sealed record NewEmailRecipientRequest
{
    public string? Address { get; init; }

    /// <summary>The kinds it takes, as for webhooks: <c>printer.needs-bed-clear</c>, <c>printer.error</c>, <c>demand.met</c>, ...</summary>
    public IReadOnlyList<string>? Events { get; init; }

    public string? Site { get; init; }

    /// <summary>Only this maker's printers; a maker's own address always has their owner here.</summary>
    public string? Owner { get; init; }

    public string? Requester { get; init; }
}

public sealed record EmailRecipientView(long Id, string Address, IReadOnlyList<string> Events, string? Site, string? Owner, string? Requester, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static EmailRecipientView From(EmailRecipient r) => new(r.Id, r.Address, r.Events, r.Site, r.Owner, r.Requester, r.CreatedBy, r.CreatedAt);
}

/// <summary>The list, and whether the farm has an SMTP server to send through (<c>email.host</c>).</summary>
public sealed record EmailRecipientList(IReadOnlyList<EmailRecipientView> Items, int Total, bool Sending);
