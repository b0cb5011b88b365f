namespace PrintFarm.Farm;

/// <summary>
/// A request the farm refuses: bad quantity, unknown design or printer, a variant that does not fit,
/// a duplicate registration or a state change the transition table forbids. Nothing was written.
/// </summary>
public sealed class FarmValidationException : Exception
{
    public FarmValidationException()
    {
    }

    public FarmValidationException(string message)
        : base(message)
    {
    }

    public FarmValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
