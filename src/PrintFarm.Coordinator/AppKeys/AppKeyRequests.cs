using System.Buffers.Text;
using System.Security.Cryptography;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;

namespace PrintFarm.Coordinator.AppKeys;

/// <summary>
/// The requests for application keys (OctoPrint's Application Keys flow), held in memory: a restart forgets them and
/// the application asks again. A request waits <see cref="DecisionTime"/> for staff to approve or deny it; an approved
/// key waits <see cref="PickupTime"/> for the application to collect it, once, and is then forgotten here (it stays an
/// ordinary key in the key book). A key approved but never collected is handed to <see cref="TakeUncollected"/> to be
/// revoked, since nobody has its secret. Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class AppKeyRequests
{
    public static readonly TimeSpan DecisionTime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan PickupTime = TimeSpan.FromMinutes(2);

    /// <summary>Requests waiting at once, from everyone; more is 503 until staff decide or they expire.</summary>
    public const int MaxPending = 100;

    /// <summary>Requests waiting at once from one address; more is 429.</summary>
    public const int MaxPendingPerAddress = 5;

    /// <summary>The longest application and user names: together they make the key's name (at most 100 characters).</summary>
    public const int MaxNameLength = 48;

    private const int TokenBytes = 32;

    private readonly Dictionary<string, AppKeyRequest> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _tokens = [];
    private readonly List<long> _uncollected = [];
    private readonly TimeProvider _time;
    private long _lastId;

    public AppKeyRequests(TimeProvider time) => _time = time;

    /// <summary>Takes a new request from an application, or refuses a bad name (400) or one over the limits.</summary>
    public AppKeyRequest Open(string? app, string? user, string? address)
    {
        app = Checked(app, "app", required: true)!;
        user = Checked(user, "user", required: false);
        lock (_byToken)
        {
            Sweep();
            var pending = _byToken.Values.Where(r => r.KeyId is null).ToList();
            if (pending.Count >= MaxPending)
                throw new AppKeyLimitException(503, $"{MaxPending} application key requests are waiting already; try again once staff have decided on them");
            if (address is not null && pending.Count(r => r.Address == address) >= MaxPendingPerAddress)
                throw new AppKeyLimitException(429, $"{MaxPendingPerAddress} application key requests from this address are waiting already");
            var now = _time.GetUtcNow();
            var request = new AppKeyRequest(++_lastId, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes)), app, user, address, now, now + DecisionTime);
            _byToken[request.Token] = request;
            _tokens[request.Id] = request.Token;
            return request;
        }
    }

    /// <summary>The application's poll: pending, or its key's secret (and then never again), or gone.</summary>
    public (AppKeyPoll State, string? Secret) Poll(string token)
    {
        lock (_byToken)
        {
            Sweep();
            if (!_byToken.TryGetValue(token, out var request))
                return (AppKeyPoll.Gone, null);
            if (request.Secret is null)
                return (AppKeyPoll.Pending, null);
            Forget(request);
            return (AppKeyPoll.Approved, request.Secret);
        }
    }

    /// <summary>The requests waiting for a decision, oldest first.</summary>
    public IReadOnlyList<AppKeyRequest> Pending()
    {
        lock (_byToken)
        {
            Sweep();
            return _byToken.Values.Where(r => r.IsPending).OrderBy(r => r.Id).ToList();
        }
    }

    /// <summary>Starts one person's approval: the request, now held for them; 404 when it is not waiting.</summary>
    public AppKeyRequest BeginApproval(long id)
    {
        lock (_byToken)
        {
            var request = Waiting(id);
            _byToken[request.Token] = request with { Deciding = true };
            return request;
        }
    }

    /// <summary>The approval's key could not be made (a bad owner, say): the request waits again.</summary>
    public void AbandonApproval(long id)
    {
        lock (_byToken)
        {
            if (_tokens.TryGetValue(id, out var token) && _byToken.TryGetValue(token, out var request))
                _byToken[token] = request with { Deciding = false };
        }
    }

    /// <summary>The approval is written: the key waits for the application to collect it.</summary>
    public void Approved(long id, IssuedApiKey issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        lock (_byToken)
        {
            if (!_tokens.TryGetValue(id, out var token) || !_byToken.TryGetValue(token, out var request))
            {
                // Swept while the key was written (the coordinator stalled past the deadline): nobody can collect it.
                _uncollected.Add(issued.Key.Id);
                return;
            }
            _byToken[token] = request with { Deciding = false, KeyId = issued.Key.Id, Secret = issued.Secret, ExpiresAt = _time.GetUtcNow() + PickupTime };
        }
    }

    /// <summary>Denies a waiting request: the application's next poll is 404.</summary>
    public AppKeyRequest Deny(long id)
    {
        lock (_byToken)
        {
            var request = Waiting(id);
            Forget(request);
            return request;
        }
    }

    /// <summary>The keys approved but not collected in time, each handed out once, to be revoked.</summary>
    public IReadOnlyList<long> TakeUncollected()
    {
        lock (_byToken)
        {
            Sweep();
            var keys = _uncollected.ToList();
            _uncollected.Clear();
            return keys;
        }
    }

    private AppKeyRequest Waiting(long id)
    {
        Sweep();
        if (!_tokens.TryGetValue(id, out var token) || !_byToken.TryGetValue(token, out var request) || !request.IsPending)
            throw new FarmNotFoundException($"no application key request {id} is waiting (it was decided, or it expired after {DecisionTime.TotalMinutes:0} minutes)");
        return request;
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var request in _byToken.Values.Where(r => r.ExpiresAt <= now && !r.Deciding).ToList())
        {
            Forget(request);
            if (request.KeyId is { } key)
                _uncollected.Add(key);
        }
    }

    private void Forget(AppKeyRequest request)
    {
        _byToken.Remove(request.Token);
        _tokens.Remove(request.Id);
    }

    private static string? Checked(string? text, string field, bool required)
    {
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (text is null)
            return required ? throw new FarmValidationException($"{field}: the application's name is required") : null;
        if (text.Length > MaxNameLength || !TextRules.IsPlain(text))
            throw new FarmValidationException($"{field}: \"{TextRules.Printable(text[..Math.Min(text.Length, MaxNameLength)])}\" is not 1 to {MaxNameLength} printable characters");
        return text;
    }
}
