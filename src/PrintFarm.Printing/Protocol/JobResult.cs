namespace PrintFarm.Printing.Protocol;

/// <summary>How a job ended, with a one-line reason when it did not complete.</summary>
public sealed record JobResult(JobOutcome Outcome, string? Reason, JobProgress Progress);
