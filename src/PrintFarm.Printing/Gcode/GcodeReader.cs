using System.Buffers.Binary;
using System.IO.Compression;

namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Streams a G-code file line by line through one fixed buffer, plain or gzip-compressed (detected
/// by its magic bytes, not its name). Nothing is allocated per line: each returned span points into
/// the buffer and is valid until the next read. Input that is not text G-code throws
/// <see cref="GcodeFileException"/>.
/// </summary>
public sealed class GcodeReader : IDisposable
{
    /// <summary>
    /// The longest raw line accepted. A longer line is an error, unless a <c>;</c> comment starts
    /// within this limit: then only the comment is cut short (slicers write long config comments).
    /// </summary>
    public const int MaxLineLength = 4096;

    private const int BufferSize = 64 * 1024;
    private const int SniffLength = 512;

    private readonly CountingReadStream _source;
    private readonly Stream _text;
    private readonly LineBuffer _lines;
    private long _line;
    private bool _started;
    private bool _trailerChecked;

    /// <summary>Reads G-code from <paramref name="stream"/>; <paramref name="name"/> is used in error messages.</summary>
    public GcodeReader(Stream stream, string name = "stream", bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Name = name;
        SourceLength = stream.CanSeek ? stream.Length - stream.Position : -1;
        _source = new CountingReadStream(stream, leaveOpen);
        try
        {
            IsCompressed = _source.Peek(2) is [0x1F, 0x8B];
        }
        catch (IOException ex)
        {
            throw new GcodeFileException(Name, $"read failed ({ex.Message})", ex);
        }
        _text = IsCompressed ? new GZipStream(_source, CompressionMode.Decompress, leaveOpen: true) : _source;
        _lines = new LineBuffer(_text, BufferSize, MaxLineLength);
    }

    /// <summary>The file name or stream name used in error messages.</summary>
    public string Name { get; }

    /// <summary>True when the content is gzip-compressed.</summary>
    public bool IsCompressed { get; }

    /// <summary>Length of the source as stored (compressed for .gz), or -1 when the stream cannot seek.</summary>
    public long SourceLength { get; }

    /// <summary>Bytes of the source (compressed for .gz) read so far, for progress against <see cref="SourceLength"/>.</summary>
    public long SourceBytesRead => _source.BytesRead;

    /// <summary>Uncompressed bytes of the lines returned so far, line terminators included.</summary>
    public long BytesRead => _lines.Consumed;

    /// <summary>Raw lines returned so far; also the number of the last line returned.</summary>
    public long LinesRead => _line;

    /// <summary>Opens a file, plain or gzip-compressed. A missing or unreadable file throws <see cref="GcodeFileException"/>.</summary>
    public static GcodeReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GcodeFileException(path, "file not found", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new GcodeFileException(path, $"cannot open the file ({ex.Message})", ex);
        }
        try
        {
            return new GcodeReader(file, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns the next command, comment stripped and trimmed, skipping lines with no command.
    /// False at the end of the file. The span is valid until the next call.
    /// </summary>
    public bool TryReadCommand(out ReadOnlySpan<byte> command, out long sourceLine)
    {
        while (TryReadLine(out var line, out sourceLine))
        {
            command = GcodeComments.Strip(line);
            if (!command.IsEmpty)
                return true;
        }
        command = default;
        return false;
    }

    /// <summary>
    /// Returns the next raw line without its line ending (comments kept). False at the end of the
    /// file. The span is valid until the next call.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out long sourceLine)
    {
        bool cut;
        try
        {
            if (!_started)
                Start();
            if (!_lines.TryRead(out line, out cut))
            {
                if (IsCompressed)
                    CheckGzipTrailer();
                sourceLine = _line;
                return false;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new GcodeFileException(Name, _line + 1, $"corrupt gzip data ({ex.Message})", ex);
        }
        catch (IOException ex) when (ex is not GcodeFileException)
        {
            throw new GcodeFileException(Name, _line + 1, $"read failed ({ex.Message})", ex);
        }
        sourceLine = ++_line;
        if (cut && line.IndexOf((byte)';') < 0)
            throw new GcodeFileException(Name, sourceLine, $"line longer than {MaxLineLength} bytes, too long to be a G-code command");
        GcodeContentSniffer.EnsureTextLine(line, Name, sourceLine);
        return true;
    }

    public void Dispose()
    {
        if (IsCompressed)
            _text.Dispose();
        _source.Dispose();
    }

    /// <summary>
    /// GZipStream ends quietly on a truncated file, so compare the size in the gzip trailer (the
    /// uncompressed length modulo 2^32) with what was read. This checks the last gzip member only;
    /// files made of several concatenated members are not supported.
    /// </summary>
    private void CheckGzipTrailer()
    {
        if (_trailerChecked)
            return;
        _trailerChecked = true;
        _source.ReadToEnd();
        var tail = _source.Tail;
        var expected = tail.Length == 8 ? BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) : uint.MaxValue;
        if (expected != (uint)BytesRead)
            throw new GcodeFileException(Name, $"truncated or corrupt gzip data: {BytesRead} bytes decompressed, the gzip trailer says {expected}");
    }

    /// <summary>Rejects content that is clearly something else, and skips a UTF-8 byte order mark.</summary>
    private void Start()
    {
        _started = true;
        var head = _lines.Peek(SniffLength);
        var reason = GcodeContentSniffer.ExplainNonGcode(head, IsCompressed ? -1 : SourceLength);
        if (reason is not null)
            throw new GcodeFileException(Name, reason);
        if (head.StartsWith("\uFEFF"u8))
            _lines.Skip(3);
    }
}
