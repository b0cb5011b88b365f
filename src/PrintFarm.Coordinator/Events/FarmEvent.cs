using System.Globalization;
using System.Text;

namespace PrintFarm.Coordinator.Events;

/// <summary>
/// One server-sent event: a sequence number (the SSE id), a type (<c>printer</c>, <c>job</c>, <c>progress</c>,
/// <c>ledger</c>, <c>demand</c>, <c>design</c>, <c>reset</c>), the subjects it concerns for filtering, and its whole
/// frame (<c>id</c>, <c>event</c> and <c>data</c> lines), encoded once however many streams send it.
/// </summary>
public sealed class FarmEvent
{
    public FarmEvent(long id, string type, string? printerId, long? jobId, ReadOnlySpan<byte> json)
    {
        Id = id;
        Type = type;
        PrinterId = printerId;
        JobId = jobId;
        var head = Encoding.UTF8.GetBytes($"id: {id.ToString(CultureInfo.InvariantCulture)}\nevent: {type}\ndata: ");
        var frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame.AsSpan(head.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        Frame = frame;
        JsonStart = head.Length;
    }

    public long Id { get; }

    public string Type { get; }

    public string? PrinterId { get; }

    public long? JobId { get; }

    /// <summary>The bytes a stream writes: <c>id: N\nevent: TYPE\ndata: JSON\n\n</c>.</summary>
    public ReadOnlyMemory<byte> Frame { get; }

    private int JsonStart { get; }

    /// <summary>The event's data alone.</summary>
    public ReadOnlyMemory<byte> Json => Frame[JsonStart..^2];
}
