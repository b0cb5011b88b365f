using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Health;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Tests.Api;

/// <summary>
/// A refusal's status comes from its type. Each message here is worded to mislead the old sentence matching
/// ("unknown ..." was 404, "... exists already" was 409): the status must not follow the words.
/// </summary>
public sealed class ProblemMappingTests
{
    private static readonly object[] Cases =
    [
        new object[] { new FarmNotFoundException("there is no printer called p9"), StatusCodes.Status404NotFound },
        new object[] { new FarmNotFoundException("design x exists already"), StatusCodes.Status404NotFound },
        new object[] { new FarmConflictException("unknown state for job 4: it moved on"), StatusCodes.Status409Conflict },
        new object[] { new FarmConflictException("printer p1 is busy"), StatusCodes.Status409Conflict },
        new object[] { new FarmValidationException("unknown quantity"), StatusCodes.Status400BadRequest },
        new object[] { new FarmValidationException("variant v exists already, job 3 cannot go from queued to printing"), StatusCodes.Status400BadRequest },
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task The_status_follows_the_type_of_the_refusal_not_its_words(Exception refusal, int status)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var writes = new StoreWrites(TimeProvider.System, NullLogger<StoreWrites>.Instance);
        var mapping = new ProblemMapping(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), writes);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();

        var handled = await mapping.TryHandleAsync(context, refusal, CancellationToken.None);

        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(handled, Is.True);
            Assert.That(context.Response.StatusCode, Is.EqualTo(status));
            Assert.That(problem.RootElement.GetProperty("detail").GetString(), Is.EqualTo(refusal.Message), "the farm's sentence is still the detail");
        });
    }
}
