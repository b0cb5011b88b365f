using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using PrintFarm.Coordinator.Health;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Api;

/// <summary>
/// Turns refusals into RFC 7807 problem details by their type, never their wording: a missing thing 404
/// (<see cref="FarmNotFoundException"/>), a state that does not allow the change 409 (<see cref="FarmConflictException"/>),
/// any other bad input 400, with the farm's own sentence as the detail. Anything else is a 500 without internals.
/// </summary>
internal sealed class ProblemMapping : IExceptionHandler
{
    private readonly IProblemDetailsService _problems;
    private readonly StoreWrites _writes;

    public ProblemMapping(IProblemDetailsService problems, StoreWrites writes)
    {
        _problems = problems;
        _writes = writes;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            FarmNotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            FarmConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Message),
            FarmValidationException e => (StatusCodes.Status400BadRequest, "Bad request", e.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", Describe(e)),
            JsonException e => (StatusCodes.Status400BadRequest, "Bad request", $"malformed JSON: {WithPath(e)}"),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            // A request the store could not take: /healthz says so until a write goes through again.
            if (exception is System.Data.Common.DbException or IOException)
                _writes.Failed(exception);
            return false;
        }
        httpContext.Response.StatusCode = status;
        return await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static string Describe(BadHttpRequestException e) =>
        e.InnerException is JsonException json ? $"{e.Message} {WithPath(json)}" : e.Message;

    /// <summary>The JSON error with where it is, when the message does not say so already (our converters' own refusals).</summary>
    private static string WithPath(JsonException e) =>
        e.Path is { Length: > 0 } path && !e.Message.Contains("Path:", StringComparison.Ordinal) ? $"{e.Message} (at {path})" : e.Message;
}
