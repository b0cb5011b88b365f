namespace PrintFarm.Farm;

/// <summary>
/// A request the farm's present state does not allow: a state change the transition table forbids, a duplicate id, an
/// agent id that belongs to another owner, a job that is printing. Nothing was written; it may succeed later.
/// </summary>
public sealed class FarmConflictException : FarmValidationException
{
    public FarmConflictException()
    {
    }

    public FarmConflictException(string message)
        : base(message)
    {
    }

    public FarmConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
