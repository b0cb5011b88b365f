using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Farm.Access;

namespace PrintFarm.Coordinator.AppKeys;

/// <summary>
/// Revokes the keys that staff approved but whose application never collected them: nobody holds their secret, so
/// they are only clutter in the key book and a secret kept in memory. Looks every <see cref="Interval"/> on the
/// farm's <see cref="TimeProvider"/>; requests themselves expire the moment they are read past their time.
/// </summary>
internal sealed class AppKeyExpiry : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly AppKeyRequests _requests;
    private readonly ApiKeyBook _book;
    private readonly ApiKeyCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger<AppKeyExpiry> _log;
    private readonly List<long> _retry = [];

    public AppKeyExpiry(AppKeyRequests requests, ApiKeyBook book, ApiKeyCache cache, TimeProvider time, ILogger<AppKeyExpiry> log)
    {
        _requests = requests;
        _book = book;
        _cache = cache;
        _time = time;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            await RevokeUncollectedAsync(stoppingToken).ConfigureAwait(false);
    }

    internal async Task RevokeUncollectedAsync(CancellationToken cancellationToken)
    {
        var keys = _retry.Concat(_requests.TakeUncollected()).Distinct().ToList();
        _retry.Clear();
        foreach (var id in keys)
        {
            try
            {
                await _book.RevokeAsync(id, "system:application-keys", cancellationToken).ConfigureAwait(false);
                _cache.Forget();
                AppKeyLog.Uncollected(_log, id);
            }
            catch (PrintFarm.Farm.FarmValidationException)
            {
                // Revoked already, by a person.
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or PrintFarm.Farm.FarmNotFoundException)
            {
                AppKeyLog.RevokeFailed(_log, e, id);
                if (e is not PrintFarm.Farm.FarmNotFoundException)
                    _retry.Add(id);
            }
        }
    }
}
