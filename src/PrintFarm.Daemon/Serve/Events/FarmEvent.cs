namespace PrintFarm.Daemon.Serve.Events;

/// <summary>
/// One server-sent event: a sequence number (the SSE id), a type (<c>printer</c>, <c>job</c>, <c>progress</c>,
/// <c>ledger</c>, <c>demand</c>, <c>design</c>), the subjects it concerns for filtering, and its JSON, serialised once.
/// </summary>
public sealed record FarmEvent(long Id, string Type, string? PrinterId, long? JobId, ReadOnlyMemory<byte> Json);
