using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm.Access;

namespace PrintFarm.Coordinator.Auth;

/// <summary>
/// First start: when the store has no active key, an admin key is created, printed once, and written to
/// <c>{data}/admin.key</c> readable by its owner only (mode 0600). Later starts leave keys alone. An existing
/// <c>admin.key</c> is never overwritten: a new admin key then goes to <c>admin-2.key</c> (or the next free number).
/// </summary>
public sealed partial class AdminKey
{
    public const string FileName = "admin.key";

    private readonly ApiKeyBook _book;
    private readonly ServeOptions _options;
    private readonly ILogger<AdminKey> _log;

    public AdminKey(ApiKeyBook book, ServeOptions options, ILogger<AdminKey> log)
    {
        _book = book;
        _options = options;
        _log = log;
    }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (await _book.CountActiveAsync(cancellationToken).ConfigureAwait(false) > 0)
            return;
        var created = await _book.CreateAsync("admin", ApiRole.Admin, null, null, "system:first-start", cancellationToken).ConfigureAwait(false);
        // admin.key is never overwritten: when it is there already (every key was revoked), the new key goes next to it.
        var path = Path.Combine(_options.DataDirectory!, FileName);
        for (var n = 2; File.Exists(path); n++)
            path = Path.Combine(_options.DataDirectory!, $"admin-{n}.key");
        await WritePrivateAsync(path, created.Secret + "\n", cancellationToken, overwrite: false).ConfigureAwait(false);
        LogCreated(_log, created.Secret, path);
    }

    public static async Task WritePrivateAsync(string path, string content, CancellationToken cancellationToken, bool overwrite = true)
    {
        var options = new FileStreamOptions { Mode = overwrite ? FileMode.Create : FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(content.AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}
