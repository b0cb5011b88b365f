using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Transports;
using PrintFarm.Wire;

namespace PrintFarm.Cli.Send;

/// <summary>
/// Runs one <c>send</c>: checks the file before anything touches the printer, connects, streams,
/// and reports. Every failure is one line on stderr and a non-zero exit code.
/// </summary>
internal sealed class SendRunner(SendRequest request, TextWriter stdout, TextWriter stderr)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        ProfileCatalog catalog;
        GcodeAnalysis analysis;
        FirmwareProfile? chosen = null;
        try
        {
            catalog = request.ProfilesDirectory is { } dir
                ? new ProfileCatalog(ProfileLoader.LoadDirectory(dir))
                : ProfileCatalog.LoadDefault();
            if (!request.Profile.Equals("auto", StringComparison.OrdinalIgnoreCase))
                chosen = catalog.Get(request.Profile);
            analysis = GcodeAnalyzer.Analyze(request.File, cancellationToken);
        }
        catch (Exception ex) when (ex is ProfileException or GcodeFileException or IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.BadInput, ex.Message);
        }
        var problem = FirstProblem(analysis, chosen ?? GenericLimits(catalog));
        if (problem is not null)
            return Fail(ExitCodes.BadInput, $"{request.File}: {problem}; nothing was sent");

        ILineTransport transport;
        try
        {
            transport = TransportFactory.Create(request.Port, request.Baud);
        }
        catch (ArgumentException ex)
        {
            return Fail(ExitCodes.BadInput, ex.Message);
        }
        var options = new PrinterSessionOptions { Profile = chosen?.Name, Flow = request.Flow, OkAfterResend = request.OkAfterResend };
        using var logs = SendLog.CreateFactory(stderr, request.Verbose);
        await using var session = new PrinterSession(transport, catalog, options, logger: PrinterLogging.ForPrinter(logs.CreateLogger("PrintFarm.Printing"), request.Port));
        try
        {
            await session.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TransportException or PrinterFaultException)
        {
            return Fail(ExitCodes.PrinterFailed, ex.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.Cancelled, "cancelled before the job started");
        }
        problem = FirstProblem(analysis, session.Profile!);
        if (problem is not null)
            return Fail(ExitCodes.BadInput, $"{request.File}: {problem}; nothing of the file was sent");
        return await StreamAsync(session, analysis, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> StreamAsync(PrinterSession session, GcodeAnalysis analysis, CancellationToken cancellationToken)
    {
        using var reader = GcodeReader.Open(request.File);
        var source = new GcodeJobSource(reader);
        var jobTask = session.RunJobAsync(source, cancellationToken);
        using var bar = ProgressBar.ForConsole(stdout, request.Json, analysis.Commands);
        while (await Task.WhenAny(jobTask, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false) != jobTask)
            bar?.Draw(session.CurrentJob);
        var result = await jobTask.ConfigureAwait(false);
        bar?.Finish(result.Progress);
        var summary = SendSummary.From(result, session);
        if (request.Json)
            await stdout.WriteLineAsync(summary.ToJson()).ConfigureAwait(false);
        else
            await stdout.WriteLineAsync(summary.ToText()).ConfigureAwait(false);
        return result.Outcome switch
        {
            JobOutcome.Completed => ExitCodes.Ok,
            JobOutcome.Cancelled => Fail(ExitCodes.Cancelled, "cancelled"),
            _ => Fail(ExitCodes.PrinterFailed, $"{session.Endpoint}: {result.Reason}"),
        };
    }

    /// <summary>
    /// Before the firmware is known, the file must suit every profile: the shortest command limit
    /// and every forbidden command apply, so that a bad file is refused before the port is opened.
    /// Name the profile to lift a limit that only some firmware has.
    /// </summary>
    private static FirmwareProfile GenericLimits(ProfileCatalog catalog) =>
        catalog.Get("marlin") with
        {
            DisplayName = "the strictest firmware profile (name one with --profile)",
            MaxCommandLength = catalog.Profiles.Min(p => p.MaxCommandLength),
            ForbiddenCommands = catalog.Profiles.SelectMany(p => p.ForbiddenCommands).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        };

    private static string? FirstProblem(GcodeAnalysis analysis, FirmwareProfile profile) =>
        JobFileValidator.Check(analysis, profile) is { Count: > 0 } problems ? problems[0] : null;

    private int Fail(int code, string message)
    {
        stderr.WriteLine($"error: {message}");
        return code;
    }
}
