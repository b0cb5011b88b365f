using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Access;

/// <summary>
/// Issues, revokes and looks up API keys. A secret is <c>pf_</c> and 32 random bytes in URL-safe base64; only its SHA-256
/// is stored, so a lookup is one indexed read of the hash on the read path. Creating and revoking are audited under
/// <c>apikey:{id}</c>; the audit never holds the secret or its hash.
/// </summary>
public sealed class ApiKeyBook
{
    /// <summary>How every secret starts.</summary>
    public const string SecretPrefix = "pf_";

    /// <summary>Characters of the secret kept for display.</summary>
    public const int PrefixLength = 8;

    public const int MaxNameLength = 100;

    private const int SecretBytes = 32;

    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public ApiKeyBook(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>
    /// Creates a key. A maker key needs the owner it acts for; other roles have none. A per-printer key names a registered
    /// printer, and a maker's per-printer key must be for one of that maker's printers.
    /// </summary>
    public async Task<IssuedApiKey> CreateAsync(
        string name, ApiRole role, string? owner, string? printerId, string actor, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        owner = string.IsNullOrWhiteSpace(owner) ? null : owner.Trim();
        printerId = string.IsNullOrWhiteSpace(printerId) ? null : printerId.Trim();
        if (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl))
            throw new FarmValidationException($"an API key needs a name of 1 to {MaxNameLength} printable characters");
        if (!Enum.IsDefined(role))
            throw new FarmValidationException($"unknown role {role}");
        if (role == ApiRole.Maker && owner is null)
            throw new FarmValidationException("a maker key needs the owner (maker) it acts for");
        if (role == ApiRole.Agent && owner is null)
            throw new FarmValidationException("an agent key needs the agent id it is for");
        if (role is not (ApiRole.Maker or ApiRole.Agent) && owner is not null)
            throw new FarmValidationException($"only a maker or agent key acts for an owner; a {StoredNames.Of(role)} key has none");

        await using var transaction = await _store.BeginAsync(cancellationToken);
        if (printerId is not null)
        {
            var printer = await transaction.GetPrinterAsync(printerId, cancellationToken) ?? throw new FarmNotFoundException($"unknown printer {printerId}");
            if (role == ApiRole.Maker && printer.Owner != owner)
                throw new FarmValidationException($"printer {printerId} belongs to {printer.Owner}, not to {owner}");
        }
        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var key = new ApiKey
        {
            Name = name, Role = role, Owner = owner, PrinterId = printerId, Hash = Hash(secret), Prefix = secret[..PrefixLength], CreatedAt = changes.Now,
        };
        key = key with { Id = await transaction.InsertApiKeyAsync(key, cancellationToken) };
        changes.Audit("apikey.created", $"apikey:{key.Id}",
            $"\"{name}\", {StoredNames.Of(role)}{(owner is null ? "" : " for " + owner)}{(printerId is null ? "" : ", printer " + printerId)}, {key.Prefix}...");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssuedApiKey(key, secret);
    }

    /// <summary>
    /// A new key and its secret, not yet written: for an operation that makes a key inside its own transaction (a join
    /// by invitation), which inserts it with <see cref="IFarmTransaction.InsertApiKeyAsync"/> and audits it as
    /// <see cref="CreateAsync"/> does.
    /// </summary>
    internal static IssuedApiKey NewKey(string name, ApiRole role, string? owner, string? node, DateTimeOffset now)
    {
        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var key = new ApiKey { Name = name, Role = role, Owner = owner, Node = node, Hash = Hash(secret), Prefix = secret[..PrefixLength], CreatedAt = now };
        return new IssuedApiKey(key, secret);
    }

    /// <summary>Revokes a key for good; from then on <see cref="FindAsync"/> no longer finds it.</summary>
    public async Task<ApiKey> RevokeAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var key = await transaction.GetApiKeyAsync(id, cancellationToken) ?? throw new FarmNotFoundException($"unknown API key {id}");
        if (!key.IsActive)
            throw new FarmValidationException($"API key {id} is revoked already");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var after = key with { RevokedAt = changes.Now };
        await transaction.UpdateApiKeyAsync(after, cancellationToken);
        changes.Audit("apikey.revoked", $"apikey:{id}", $"\"{key.Name}\", {key.Prefix}...");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>Every key, revoked ones included, ordered by id.</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default) => _store.Reader.ListApiKeysAsync(cancellationToken);

    /// <summary>The active key with this secret, or null: unknown, revoked, or not shaped like a secret (then without a database read).</summary>
    public async Task<ApiKey?> FindAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (secret is null || secret.Length is < PrefixLength or > 200 || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            return null;
        return await _store.Reader.FindActiveApiKeyAsync(Hash(secret), cancellationToken);
    }

    /// <summary>Whether <paramref name="owner"/> holds an active key of <paramref name="role"/>: one count, not a list of every key.</summary>
    public Task<bool> HasActiveAsync(ApiRole role, string owner, CancellationToken cancellationToken = default) =>
        _store.Reader.HasActiveApiKeyAsync(role, owner, cancellationToken);

    public Task<long> CountActiveAsync(CancellationToken cancellationToken = default) => _store.Reader.CountActiveApiKeysAsync(cancellationToken);

    /// <summary>Lower-case hex SHA-256 of the secret's UTF-8 bytes, as stored.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
