namespace PrintFarm.Farm.Jobs;

/// <summary>A job's state. Moves only through <see cref="JobStateMachine"/>.</summary>
public enum JobState
{
    Queued,
    Assigned,
    Printing,
    Paused,
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}
