namespace PrintFarm.Farm.Storage;

/// <summary>One versioned schema change. <see cref="Script"/> uses <see cref="SqlDialect.Render"/> placeholders.</summary>
public sealed record Migration(int Version, string Name, string Script);
