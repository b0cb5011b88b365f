using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm.Scheduling;
namespace PrintFarm.Coordinator.Scheduling;

/// <summary>
/// Runs planning and dispatch rounds: at once when nudged (a bed cleared, a demand added, a job failed) and
/// otherwise every <see cref="ServeOptions.SchedulerIntervalSeconds"/>. Each assignment wakes its printer.
/// </summary>
internal sealed partial class SchedulerService : BackgroundService
{
    private readonly Wakeups _wakeups;
    private readonly SchedulingRound _round;
    private readonly TimeSpan _interval;
    private readonly ILogger<SchedulerService> _log;

    public SchedulerService(Wakeups wakeups, SchedulingRound round, ServeOptions options, ILogger<SchedulerService> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _wakeups = wakeups;
        _round = round;
        _interval = TimeSpan.FromSeconds(options.SchedulerIntervalSeconds);
        _log = log;
    }

    /// <summary>Rounds run since start, for /metrics.</summary>
    public long Rounds { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stoppingToken).ConfigureAwait(false);
                await _wakeups.WaitSchedulerAsync(_interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The scheduler must outlive any one bad round; the next round tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRoundFailed(_log, ex);
                await Task.Delay(_interval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        var (plan, dispatch) = await _round.RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        Rounds++;
        if (dispatch.JobsCreated > 0)
            LogPlanned(_log, dispatch.JobsCreated, dispatch.PartsPlanned);
    }
}
