using System.Threading.Channels;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm.Email;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Email;

/// <summary>
/// Sends the e-mail outbox: for each recipient and kind, one message with every event waiting, when the first has
/// waited <see cref="EmailConfig.GatherSeconds"/> and the last message of that kind to that address is
/// <see cref="EmailConfig.WindowSeconds"/> old. One SMTP connection serves a round. Each send is tried three times
/// (exponential back-off with jitter, each under <see cref="EmailConfig.TimeoutSeconds"/>); when the server is away
/// the events stay in the store and the next round is put off, doubling up to 15 minutes. A message is marked sent
/// only after the server took it, so a restart loses none (a crash between the two sends one again).
/// </summary>
internal sealed partial class EmailSender : BackgroundService
{
    private const int MaxPerMessage = 1000;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IFarmStore _store;
    private readonly EmailConfig _config;
    private readonly Uri _dashboard;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<EmailSender> _log;
    private readonly ResiliencePipeline _pipeline;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private int _failures;
    private long _sent;

    public EmailSender(IFarmStore store, ServeOptions options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<EmailSender> log)
    {
        _store = store;
        _config = options.Email;
        _dashboard = options.PublicBase;
        _time = time;
        _lifetime = lifetime;
        _log = log;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(Retryable),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
            })
            .AddTimeout(TimeSpan.FromSeconds(_config.TimeoutSeconds))
            .Build();
    }

    /// <summary>Messages the server has taken since the start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Tells the loop that something was written to the outbox.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_config.Host is null)
            return;
        try
        {
            var started = new TaskCompletionSource();
            await using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                DateTimeOffset? next;
                try
                {
                    next = await RoundAsync(stoppingToken);
                }
#pragma warning disable CA1031 // The store may be away for a moment; the next round tries again.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogRoundFailed(_log, ex);
                    next = _time.GetUtcNow() + TimeSpan.FromSeconds(5);
                }
                await WaitAsync(next, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what waits stays in the outbox for the next start.
        }
    }

    /// <summary>Until <paramref name="next"/> or a wake, whichever comes first, and never longer than a minute.</summary>
    private async Task WaitAsync(DateTimeOffset? next, CancellationToken stoppingToken)
    {
        var wait = next is { } at ? at - _time.GetUtcNow() : MaxWait;
        if (wait <= TimeSpan.Zero)
            return;
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            await _wake.Reader.WaitToReadAsync(waiting.Token).AsTask().WaitAsync(wait < MaxWait ? wait : MaxWait, _time, stoppingToken);
            _wake.Reader.TryRead(out _);
        }
        catch (TimeoutException)
        {
            // Time for the next round.
        }
        finally
        {
            await waiting.CancelAsync();
        }
    }

    /// <summary>
    /// Sends every line that is due; answers when to look again: at once when it sent (more may be due), at the next
    /// line's time, or when the put-off after a failure ends.
    /// </summary>
    private async Task<DateTimeOffset?> RoundAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        if (now < _retryAt)
            return _retryAt;
        var queue = await _store.Reader.ListEmailQueueAsync(stoppingToken);
        var due = queue.Where(l => Due(l) <= now).ToList();
        if (due.Count == 0)
            return queue.Count == 0 ? null : queue.Min(Due);
        var recipients = (await _store.Reader.ListEmailRecipientsAsync(stoppingToken)).ToDictionary(r => r.Id);
        using var smtp = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(_config.TimeoutSeconds).TotalMilliseconds };
        try
        {
            foreach (var line in due)
            {
                if (!recipients.TryGetValue(line.RecipientId, out var recipient))
                    continue;
                var pending = await _store.Reader.ListEmailPendingAsync(line.RecipientId, line.Kind, MaxPerMessage, stoppingToken);
                if (pending.Count == 0)
                    continue;
                await SendAsync(smtp, recipient, line.Kind, pending, stoppingToken);
                await MarkSentAsync(line, pending[^1].Id);
            }
            if (smtp.IsConnected)
                await smtp.DisconnectAsync(true, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && Retryable(ex))
        {
            _failures++;
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 30 * Math.Pow(2, Math.Min(_failures - 1, 10))));
            _retryAt = _time.GetUtcNow() + backoff;
            LogServerAway(_log, _config.Host!, _failures, backoff.TotalSeconds, ex.Message);
            return _retryAt;
        }
        _failures = 0;
        return _time.GetUtcNow();
    }

    private async Task SendAsync(SmtpClient smtp, EmailRecipient recipient, string kind, IReadOnlyList<EmailPending> pending, CancellationToken stoppingToken)
    {
        using var message = Compose(recipient, kind, pending);
        try
        {
            await _pipeline.ExecuteAsync(async ct =>
            {
                if (!smtp.IsConnected)
                    await ConnectAsync(smtp, ct);
                await smtp.SendAsync(message, ct);
            }, stoppingToken);
            Interlocked.Increment(ref _sent);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            // The server will never take this address: its events are let go, not tried for ever.
            LogRecipientRefused(_log, recipient.Id, recipient.Address, pending.Count, ex.Message);
        }
    }

    private async Task ConnectAsync(SmtpClient smtp, CancellationToken cancellationToken)
    {
        var security = _config.Security switch
        {
            "tls" => SecureSocketOptions.SslOnConnect,
            "none" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await smtp.ConnectAsync(_config.Host!, _config.Port, security, cancellationToken);
        if (_config.User is { } user)
            await smtp.AuthenticateAsync(user, _config.Password ?? "", cancellationToken);
    }

    private MimeMessage Compose(EmailRecipient recipient, string kind, IReadOnlyList<EmailPending> pending)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_config.From));
        message.To.Add(MailboxAddress.Parse(recipient.Address));
        message.Subject = EmailText.Subject(kind, pending.Count);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-PrintFarm-Event", kind);
        message.Headers.Add("X-PrintFarm-Events", pending.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Body = new TextPart("plain") { Text = EmailText.Body(kind, pending.Select(p => p.Summary).ToList(), pending.Count, _dashboard) };
        return message;
    }

    private async Task MarkSentAsync(EmailQueueLine line, long upToId)
    {
        // Not cancelled by a stop: the server has the message, so the store must say so.
        await using var transaction = await _store.BeginAsync(CancellationToken.None);
        await transaction.MarkEmailSentAsync(line.RecipientId, line.Kind, upToId, _time.GetUtcNow(), CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>When a line may go out: its first event has gathered company, and the last message of its kind is a window old.</summary>
    private DateTimeOffset Due(EmailQueueLine line)
    {
        var gathered = line.FirstAt + TimeSpan.FromSeconds(_config.GatherSeconds);
        if (line.LastSent is not { } last)
            return gathered;
        var window = last + TimeSpan.FromSeconds(_config.WindowSeconds);
        return window > gathered ? window : gathered;
    }

    private static bool Retryable(Exception ex) =>
        ex is IOException or System.Net.Sockets.SocketException or TimeoutRejectedException or TimeoutException or CommandException or ProtocolException
            or AuthenticationException or ServiceNotConnectedException or SslHandshakeException or OperationCanceledException;

    [LoggerMessage(EventId = 1521, Level = LogLevel.Warning, Message = "The SMTP server {Host} could not be used ({Failures} rounds in a row); e-mail waits in the store and is tried again in {Seconds} s: {Error}")]
    private static partial void LogServerAway(ILogger log, string host, int failures, double seconds, string error);

    [LoggerMessage(EventId = 1522, Level = LogLevel.Warning, Message = "The SMTP server refused e-mail recipient {RecipientId} ({Address}); its {Count} events are let go: {Error}")]
    private static partial void LogRecipientRefused(ILogger log, long recipientId, string address, int count, string error);

    [LoggerMessage(EventId = 1523, Level = LogLevel.Error, Message = "An e-mail round failed; the next one tries again")]
    private static partial void LogRoundFailed(ILogger log, Exception error);
}
