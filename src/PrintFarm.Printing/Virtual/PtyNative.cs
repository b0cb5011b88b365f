using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PrintFarm.Printing.Virtual;

/// <summary>The few libc calls a pseudo-terminal needs (Linux; x86-64 and arm64 share these constants).</summary>
[SupportedOSPlatform("linux")]
internal static class PtyNative
{
    public const int OpenReadWrite = 0x2;
    public const int OpenNoControllingTty = 0x100;
    public const int OpenNonBlocking = 0x800;
    public const int OpenCloseOnExec = 0x80000;
    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const int ErrorInterrupted = 4;
    public const int ErrorTryAgain = 11;
    private const int SetStatusFlags = 4;
    private const int GetStatusFlags = 3;
    private const int TermiosBytes = 256;

    /// <summary>Opens a new master, grants and unlocks its slave, and returns the master and the slave's path.</summary>
    public static SafeFileHandle OpenMaster(out string slavePath)
    {
        var fd = posix_openpt(OpenReadWrite | OpenNoControllingTty | OpenCloseOnExec);
        if (fd < 0)
            throw Failure("posix_openpt");
        var master = new SafeFileHandle(fd, ownsHandle: true);
        if (grantpt(fd) != 0)
            throw Failure("grantpt");
        if (unlockpt(fd) != 0)
            throw Failure("unlockpt");
        var name = new byte[256];
        var error = ptsname_r(fd, name, name.Length);
        if (error != 0)
            throw new IOException($"ptsname_r failed with error {error}.");
        slavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        var flags = fcntl(fd, GetStatusFlags, 0);
        if (flags < 0 || fcntl(fd, SetStatusFlags, flags | OpenNonBlocking) < 0)
            throw Failure("fcntl");
        return master;
    }

    /// <summary>Opens the slave and puts the line in raw mode (no echo, no line editing, 8 bits).</summary>
    public static SafeFileHandle OpenRawSlave(string slavePath)
    {
        var fd = open(slavePath, OpenReadWrite | OpenNoControllingTty | OpenCloseOnExec);
        if (fd < 0)
            throw Failure("open " + slavePath);
        var slave = new SafeFileHandle(fd, ownsHandle: true);
        var termios = new byte[TermiosBytes];
        if (tcgetattr(fd, termios) != 0)
            throw Failure("tcgetattr");
        cfmakeraw(termios);
        if (tcsetattr(fd, 0, termios) != 0)
            throw Failure("tcsetattr");
        return slave;
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for the events; returns the events seen (0 on timeout).</summary>
    public static short Poll(SafeFileHandle handle, short events, int timeoutMs)
    {
        var entry = new PollFd { Fd = (int)handle.DangerousGetHandle(), Events = events };
        var ready = poll(ref entry, 1, timeoutMs);
        if (ready < 0)
            return Marshal.GetLastPInvokeError() == ErrorInterrupted ? (short)0 : throw Failure("poll");
        return ready == 0 ? (short)0 : entry.Revents;
    }

    public static int Read(SafeFileHandle handle, Span<byte> buffer) => (int)read(handle, ref MemoryMarshal.GetReference(buffer), buffer.Length);

    public static int Write(SafeFileHandle handle, ReadOnlySpan<byte> buffer) =>
        (int)write(handle, ref MemoryMarshal.GetReference(buffer), buffer.Length);

    public static int LastError => Marshal.GetLastPInvokeError();

    public static IOException Failure(string call) =>
        new($"{call} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int posix_openpt(int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int grantpt(int fd);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int unlockpt(int fd);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ptsname_r(int fd, byte[] buffer, nint length);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int tcgetattr(int fd, byte[] termios);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void cfmakeraw(byte[] termios);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int tcsetattr(int fd, int when, byte[] termios);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int poll(ref PollFd fds, nuint count, int timeout);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint read(SafeFileHandle fd, ref byte buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint write(SafeFileHandle fd, ref byte buffer, nint count);
}
