using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>
/// On start: the data directory is made readable by its owner only (0700) and the SQLite files 0600, and uploads that
/// a killed request left behind (<c>uploads/*.part</c> older than this process) are removed.
/// </summary>
internal static class DataDirectoryCare
{
    public static void Restrict(string dataDirectory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(dataDirectory))
            return;
        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var name in new[] { SqliteFarmStore.FileName, SqliteFarmStore.FileName + "-wal", SqliteFarmStore.FileName + "-shm" })
        {
            var path = Path.Combine(dataDirectory, name);
            if (File.Exists(path))
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Removes <c>uploads/*.part</c> last written before <paramref name="startedAt"/>; returns how many.</summary>
    public static int RemoveStaleUploads(string dataDirectory, DateTime startedAt)
    {
        var folder = Path.Combine(dataDirectory, "uploads");
        if (!Directory.Exists(folder))
            return 0;
        var removed = 0;
        foreach (var part in Directory.EnumerateFiles(folder, "*.part"))
        {
            if (File.GetLastWriteTimeUtc(part) >= startedAt)
                continue;
            try
            {
                File.Delete(part);
                removed++;
            }
            catch (IOException)
            {
                // Held open by something else: the next start tries again.
            }
        }
        return removed;
    }
}
