using System.IO.Compression;
using System.Text;

namespace PrintFarm.Printing.Tests.Gcode;

/// <summary>Builds in-memory and on-disk G-code inputs for the reader and analyzer tests.</summary>
internal static class GcodeTestData
{
    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(content);
        return output.ToArray();
    }

    /// <summary>The path of a sample shipped with the tests under samples/designs.</summary>
    public static string Sample(string relativePath) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "designs", relativePath);

    /// <summary>A stream that cannot seek, like a pipe.</summary>
    public sealed class PipeStream : Stream
    {
        private readonly MemoryStream _inner;

        public PipeStream(byte[] content)
        {
            _inner = new MemoryStream(content);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
