namespace PrintFarm.Coordinator.Uploads;

/// <summary>A received upload: its checked file name, the temporary file, and the other form fields. Disposing deletes the file.</summary>
public sealed record Upload(string FileName, string TempPath, IReadOnlyDictionary<string, string> Fields) : IDisposable
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    public void Dispose() => File.Delete(TempPath);
}
