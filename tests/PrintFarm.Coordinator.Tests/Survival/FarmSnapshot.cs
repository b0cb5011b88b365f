using System.Net;
using System.Text.Json;

namespace PrintFarm.Coordinator.Tests.Survival;

internal sealed record DemandRow(long Id, string Requester, string DesignId, string Node, int Quantity, int Priority, string State, int Delivered);

internal sealed record LedgerRow(string DesignId, long Requested, long Planned, long Printing, long Printed, long Collected, long Passed,
    long Rejected, long Delivered, long Uncovered)
{
    /// <summary>Parts that exist as good parts somewhere: printed, collected, passed or delivered. Never goes down.</summary>
    public long Made => Printed + Collected + Passed + Delivered;
}

internal sealed record JobRow(long Id, string State, string? PrinterId, string DesignId, string Requester, string Node, int Parts, int Attempts, int? GoodParts)
{
    /// <summary>States whose parts count against the demand (the ledger's planned, printing and printed).</summary>
    public bool Covers => State is "queued" or "assigned" or "printing" or "paused" or "interrupted" or "completed";

    /// <summary>Parts this job covers: its plate, or the good parts once they are counted.</summary>
    public int Covered => !Covers ? 0 : State == "completed" && GoodParts is { } good ? good : Parts;
}

internal sealed record ListOf<T>(IReadOnlyList<T> Items, long Total);

/// <summary>What the API showed at one moment: demands, the ledger, every job, and the completed jobs.</summary>
internal sealed record FarmSnapshot(
    IReadOnlyList<DemandRow> Demands,
    IReadOnlyDictionary<string, LedgerRow> Ledger,
    IReadOnlyDictionary<long, JobRow> Jobs,
    IReadOnlyDictionary<long, JobRow> Completed)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int CountIn(string state) => Jobs.Values.Count(j => j.State == state);

    /// <summary>Reads demands, then the ledger, then the jobs: a job planned in between shows as already there, never as new.</summary>
    public static async Task<FarmSnapshot> TakeAsync(HttpClient client, Func<string> context)
    {
        var demands = await ListAsync<DemandRow>(client, "/api/demands?limit=1000", context);
        var ledger = await ListAsync<LedgerRow>(client, "/api/ledger", context);
        var jobs = await ListAsync<JobRow>(client, "/api/jobs?limit=1000", context);
        var completed = await ListAsync<JobRow>(client, "/api/jobs?state=completed&limit=1000", context);
        return new FarmSnapshot(demands, ledger.ToDictionary(l => l.DesignId, StringComparer.Ordinal), jobs.ToDictionary(j => j.Id), completed.ToDictionary(j => j.Id));
    }

    public static async Task<long> TotalAsync(HttpClient client, string url, Func<string> context)
    {
        var list = await GetAsync<ListOf<JsonElement>>(client, url, context);
        return list.Total;
    }

    private static async Task<IReadOnlyList<T>> ListAsync<T>(HttpClient client, string url, Func<string> context)
    {
        var list = await GetAsync<ListOf<T>>(client, url, context);
        Assert.That(list.Items, Has.Count.EqualTo(list.Total), () => $"GET {url}: a page of {list.Items.Count} of {list.Total}; the snapshot must be whole\n{context()}");
        return list.Items;
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string url, Func<string> context)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"GET {url}: {text}\n{context()}");
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new AssertionException($"GET {url}: null body\n{context()}");
    }
}
