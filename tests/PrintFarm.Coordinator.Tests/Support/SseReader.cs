using System.Globalization;
using System.Text;

namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>A minimal server-sent-events client: reads frames until enough matching events arrived.</summary>
public static class SseReader
{
    public sealed record Event(long Id, string Type, string Data);

    public static async Task<List<Event>> ReadAsync(HttpClient client, string url, long? lastEventId, Func<Event, bool> counts, int count, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(counts);
        using var cts = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is { } last)
            request.Headers.Add("Last-Event-ID", last.ToString(CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.EnsureSuccessStatusCode();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token), Encoding.UTF8);
        var events = new List<Event>();
        var matched = 0;
        long id = 0;
        string type = "message";
        var data = new StringBuilder();
        try
        {
            while (matched < count && await reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        var e = new Event(id, type, data.ToString());
                        events.Add(e);
                        if (counts(e))
                            matched++;
                    }
                    type = "message";
                    data.Clear();
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                    id = long.Parse(line[4..], CultureInfo.InvariantCulture);
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    data.Append(line[6..]);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"only {matched} of {count} events within {timeout.TotalSeconds:0} s; saw {events.Count}: {string.Join(", ", events.Select(e => e.Type))}");
        }
        return events;
    }
}
