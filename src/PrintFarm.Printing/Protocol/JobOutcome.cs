namespace PrintFarm.Printing.Protocol;

public enum JobOutcome
{
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}
