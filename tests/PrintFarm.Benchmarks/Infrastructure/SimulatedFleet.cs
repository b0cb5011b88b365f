using System.Diagnostics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using PrintFarm.Wire;
namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>An agent's login as the coordinator issued it when its printer was registered.</summary>
internal sealed record AgentLogin(string AgentId, string Password, string PrinterId);

/// <summary>
/// Many agents in one process, each a real MQTT client that logs in with its own issued credentials, sets the contract's
/// last will (retained <c>online = false</c>), subscribes to its printer's commands, says <c>online = true</c> and then
/// publishes its printer's retained state (QoS 1) once a second. One scheduler loop drives every publish: agent i of N
/// publishes at i/N of each second, so the fleet's publishes are spread evenly, never in lock-step; a publish is skipped
/// (and counted) while the agent's previous one is still waiting for its PUBACK.
/// The state carries a sequence in the hotend's actual temperature (200 + (seq mod 1000) / 100 °C), which
/// <c>GET /api/printers/{id}</c> shows, so a poller can tell when a given publish became visible.
/// </summary>
internal sealed class SimulatedFleet : IAsyncDisposable
{
    /// <summary>Publish timestamps kept per sampled agent, indexed by seq mod this (a power of two over 1000).</summary>
    public const int Ring = 1024;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private readonly Agent[] _agents;
    private readonly Topics _topics = new();
    private readonly string _host;
    private readonly int _port;
    private long _published;
    private long _acked;
    private long _failed;
    private long _skipped;
    private long _disconnects;

    public SimulatedFleet(IReadOnlyList<AgentLogin> logins, string host, int port, IReadOnlySet<int> sampled)
    {
        _host = host;
        _port = port;
        _agents = logins.Select((l, i) => new Agent(l, sampled.Contains(i))).ToArray();
    }

    public int Count => _agents.Length;

    public int Connected => _agents.Count(a => a.Ready);

    public long Published => Interlocked.Read(ref _published);

    public long Acked => Interlocked.Read(ref _acked);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Publishes not made because the agent's previous one had no PUBACK yet.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Connections lost after they were up.</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    public LatencyHistogram ConnectLatency { get; } = new();

    public LatencyHistogram AckLatency { get; } = new();

    public int ConnectFailures { get; private set; }

    public string? FirstConnectError { get; private set; }

    public Agent this[int index] => _agents[index];

    /// <summary>Connects every agent, <paramref name="parallel"/> at a time; each starts publishing as soon as it is up.</summary>
    public async Task ConnectAllAsync(int parallel, CancellationToken ct)
    {
        var latencies = new LatencyHistogram[parallel];
        var next = -1;
        var workers = Enumerable.Range(0, parallel).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new LatencyHistogram();
            int i;
            while ((i = Interlocked.Increment(ref next)) < _agents.Length && !ct.IsCancellationRequested)
            {
                var agent = _agents[i];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await ConnectAsync(agent, ct).ConfigureAwait(false);
                    mine.RecordTicks(Stopwatch.GetTimestamp() - started);
                }
#pragma warning disable CA1031 // A refused or timed-out login is a measurement.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    lock (_agents)
                    {
                        ConnectFailures++;
                        FirstConnectError ??= $"{agent.Login.AgentId}: {ex.GetType().Name}: {ex.Message}";
                    }
                }
            }
        }, ct)).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        foreach (var h in latencies)
            ConnectLatency.Add(h);
    }

    private async Task ConnectAsync(Agent agent, CancellationToken ct)
    {
        var login = agent.Login;
        // As the agent connects (Agent/BrokerLink): MQTT 5, persistent session, 15 s keep-alive, the contract's will.
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(login.AgentId)
            .WithCredentials(login.AgentId, login.Password)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(30))
            .WithWillTopic(_topics.Online(login.AgentId))
            .WithWillPayload("false"u8.ToArray())
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var client = new MqttClientFactory().CreateMqttClient();
        agent.Client = client;
        var result = await client.ConnectAsync(options, ct).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"login refused: {result.ResultCode} {result.ReasonString}");
        client.DisconnectedAsync += _ =>
        {
            if (agent.Ready)
                Interlocked.Increment(ref _disconnects);
            agent.Ready = false;
            return Task.CompletedTask;
        };
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_topics.Commands(login.PrinterId), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await client.SubscribeAsync(subscribe, ct).ConfigureAwait(false);
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Online(login.AgentId)).WithPayload("true"u8.ToArray()).WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);
        agent.Ready = true;
    }

    /// <summary>
    /// The scheduler: one loop over the agents in phase order. At t seconds after <paramref name="origin"/> every slot up
    /// to floor(t × N) has been served, so agent i publishes at (k + i/N) s. A loop that falls behind catches up at
    /// most one second's worth.
    /// </summary>
    public async Task PublishLoopAsync(long origin, CancellationToken ct)
    {
        var n = _agents.Length;
        long cursor = 0;
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var elapsed = (Stopwatch.GetTimestamp() - origin) / (double)Stopwatch.Frequency;
                var target = (long)Math.Floor(elapsed * n);
                cursor = Math.Max(cursor, target - n);
                for (; cursor < target; cursor++)
                    Publish(_agents[(int)(cursor % n)]);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Publish(Agent agent)
    {
        if (!agent.Ready || agent.Client is not { } client)
            return;
        if (Interlocked.CompareExchange(ref agent.InFlight, 1, 0) != 0)
        {
            Interlocked.Increment(ref _skipped);
            return;
        }
        var seq = ++agent.Seq;
        var payload = MqttJson.Serialize(new PrinterStateMessage(
            "ready",
            new TemperaturesView(new TemperatureView(200 + (seq % 1000) / 100.0, 210), new TemperatureView(60, 60)),
            null, 0, DateTimeOffset.UtcNow, null, "Marlin 2.1.2"));
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(agent.StateTopic)
            .WithPayload(payload)
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var at = Stopwatch.GetTimestamp();
        agent.Published(seq, at);
        Interlocked.Increment(ref _published);
        Task<MqttClientPublishResult> task;
        try
        {
            task = client.PublishAsync(message, CancellationToken.None);
        }
#pragma warning disable CA1031 // A publish on a dropped connection is counted, not thrown.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _failed);
            Volatile.Write(ref agent.InFlight, 0);
            return;
        }
        task.ContinueWith((t, state) =>
        {
            var (fleet, a, sent) = ((SimulatedFleet, Agent, long))state!;
            if (t.IsCompletedSuccessfully && t.Result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                Interlocked.Increment(ref fleet._acked);
                lock (fleet.AckLatency)
                    fleet.AckLatency.RecordTicks(Stopwatch.GetTimestamp() - sent);
            }
            else
            {
                Interlocked.Increment(ref fleet._failed);
            }
            Volatile.Write(ref a.InFlight, 0);
        }, (this, agent, at), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
            agent.Ready = false;
        await Parallel.ForEachAsync(_agents, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (agent, _) =>
        {
            if (agent.Client is not { } client)
                return;
            try
            {
                if (client.IsConnected)
                    await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Leaving: whatever the socket says.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            client.Dispose();
        }).ConfigureAwait(false);
    }

    /// <summary>One simulated agent with one printer.</summary>
    internal sealed class Agent
    {
        private readonly long[]? _publishedAt;
        private long _lastPublished;

        public Agent(AgentLogin login, bool sampled)
        {
            Login = login;
            StateTopic = new Topics().State(login.PrinterId);
            if (sampled)
                _publishedAt = new long[Ring];
        }

        public AgentLogin Login { get; }

        public string StateTopic { get; }

        public IMqttClient? Client { get; set; }

        public volatile bool Ready;

        public int InFlight;

        /// <summary>The last sequence number published (written by the scheduler loop only).</summary>
        public long Seq;

        public void Published(long seq, long at)
        {
            if (_publishedAt is null)
                return;
            lock (_publishedAt)
            {
                _publishedAt[seq % Ring] = at;
                _lastPublished = seq;
            }
        }

        /// <summary>The newest sequence published so far, and when it was published.</summary>
        public (long Seq, long At) Latest()
        {
            lock (_publishedAt!)
                return (_lastPublished, _lastPublished == 0 ? 0 : _publishedAt[_lastPublished % Ring]);
        }

        /// <summary>
        /// The sequence a shown value (seq mod 1000) stands for: the newest published one with that remainder; and its
        /// publish time. Null when nothing with that remainder was published.
        /// </summary>
        public (long Seq, long At)? Resolve(int remainder)
        {
            lock (_publishedAt!)
            {
                if (_lastPublished == 0)
                    return null;
                var seq = _lastPublished - (((_lastPublished - remainder) % 1000) + 1000) % 1000;
                if (seq <= 0 || _lastPublished - seq >= Ring)
                    return null;
                return (seq, _publishedAt[seq % Ring]);
            }
        }
    }
}
