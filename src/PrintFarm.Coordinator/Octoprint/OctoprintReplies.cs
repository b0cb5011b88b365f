using System.Text.Json.Serialization;

namespace PrintFarm.Coordinator.Octoprint;

public sealed record VersionReply(string Api, string Server, string Text);

/// <summary>
/// OctoPrint's upload answer, and the farm's own fields: the variant the file is, whether it was a variant the farm had
/// already (<c>known</c>: the same sha256), and the jobs queued.
/// </summary>
public sealed record UploadReply(UploadFiles Files, bool Done, string VariantId, string DesignId, bool Known, IReadOnlyList<long> JobIds);

public sealed record UploadFiles(UploadFile Local);

public sealed record UploadFile(string Name, string Display, string Path, string Origin, UploadRefs Refs);

public sealed record UploadRefs(string Resource, string Download);

public sealed record JobReply(JobInfo Job, ProgressReply Progress, string State);

public sealed record JobInfo(FileInfoReply File, double? EstimatedPrintTime);

public sealed record FileInfoReply(string? Name, string? Path, string? Origin);

/// <summary>OctoPrint reports completion in per cent.</summary>
public sealed record ProgressReply(double? Completion, double? PrintTime, double? PrintTimeLeft);

public sealed record PrinterReply(StateReply State, TemperatureReply Temperature);

public sealed record StateReply(string Text, StateFlags Flags);

/// <summary>Every flag OctoPrint sends: Cura reads each of them by name and stops at a missing one.</summary>
public sealed record StateFlags(bool Operational, bool Printing, bool Paused, bool Pausing, bool Cancelling, bool Finishing, bool Error, bool Ready,
    bool ClosedOrError, bool SdReady);

/// <summary>A farm-level answer has no single tool or bed, so it has neither.</summary>
public sealed record TemperatureReply(
    [property: JsonPropertyName("tool0"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ToolTemperature? Tool0,
    [property: JsonPropertyName("bed"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ToolTemperature? Bed);

public sealed record ToolTemperature(double? Actual, double? Target, double Offset);
