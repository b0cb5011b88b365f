using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>Small helpers for reading answers: JSON bodies, problem details, and lists.</summary>
public static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new AssertionException($"{(int)response.StatusCode}: not JSON: {text}");
        }
    }

    /// <summary>Asserts the status and that the body is an RFC 7807 problem; returns its detail.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        Assert.That(body.GetProperty("type").GetString(), Is.EqualTo(PrintFarm.Coordinator.Api.ProblemTypes.For((int)status)), "every refusal carries its stable type");
        return body.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(url);
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body;
    }

    public static async Task<long> TotalAsync(this HttpClient client, string url) => (await client.GetJsonAsync(url)).GetProperty("total").GetInt64();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TestFarm.Json);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
                Assert.Fail($"not within {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(200);
        }
    }
}
