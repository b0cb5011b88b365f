using System.Text.Json.Serialization;

namespace PrintFarm.Coordinator.Octoprint;

public sealed record VersionReply(string Api, string Server, string Text);

public sealed record UploadReply(UploadFiles Files, bool Done, string VariantId, IReadOnlyList<long> JobIds);

public sealed record UploadFiles(UploadFile Local);

public sealed record UploadFile(string Name, string Path, string Origin, UploadRefs Refs);

public sealed record UploadRefs(string Resource, string Download);

public sealed record JobReply(JobInfo Job, ProgressReply Progress, string State);

public sealed record JobInfo(FileInfoReply File, double? EstimatedPrintTime);

public sealed record FileInfoReply(string? Name, string? Origin);

/// <summary>OctoPrint reports completion in per cent.</summary>
public sealed record ProgressReply(double? Completion, double? PrintTime, double? PrintTimeLeft);

public sealed record PrinterReply(StateReply State, TemperatureReply Temperature);

public sealed record StateReply(string Text, StateFlags Flags);

public sealed record StateFlags(bool Operational, bool Printing, bool Paused, bool Error, bool Ready, bool ClosedOrError);

public sealed record TemperatureReply(
    [property: JsonPropertyName("tool0")] ToolTemperature? Tool0,
    [property: JsonPropertyName("bed")] ToolTemperature? Bed);

public sealed record ToolTemperature(double Actual, double? Target, double Offset);
