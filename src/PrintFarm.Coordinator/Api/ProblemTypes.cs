using Microsoft.AspNetCore.Http;

namespace PrintFarm.Coordinator.Api;

/// <summary>
/// The stable <c>type</c> of every problem answer, one per kind of refusal. The detail stays English and may be
/// reworded; the type does not change, so a page or a script can key on it (the dashboard translates it).
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:printfarm:problem:";

    /// <summary>Each status the API answers with a problem, and the name of its kind.</summary>
    public static readonly IReadOnlyDictionary<int, string> Names = new Dictionary<int, string>
    {
        [StatusCodes.Status400BadRequest] = "invalid",
        [StatusCodes.Status401Unauthorized] = "unauthenticated",
        [StatusCodes.Status403Forbidden] = "forbidden",
        [StatusCodes.Status404NotFound] = "not-found",
        [StatusCodes.Status405MethodNotAllowed] = "method-not-allowed",
        [StatusCodes.Status409Conflict] = "conflict",
        [StatusCodes.Status410Gone] = "gone",
        [StatusCodes.Status413PayloadTooLarge] = "too-large",
        [StatusCodes.Status415UnsupportedMediaType] = "unsupported-media-type",
        [StatusCodes.Status429TooManyRequests] = "too-many-requests",
        [StatusCodes.Status500InternalServerError] = "internal",
        [StatusCodes.Status503ServiceUnavailable] = "unavailable",
    };

    /// <summary>The type for a status; <c>urn:printfarm:problem:http-NNN</c> for one not in the table.</summary>
    public static string For(int status) => Prefix + (Names.TryGetValue(status, out var name) ? name : $"http-{status}");
}
