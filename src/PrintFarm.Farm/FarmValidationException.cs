namespace PrintFarm.Farm;

/// <summary>
/// A request the farm refuses: a bad quantity, a variant that does not fit, a value out of range. Nothing was written.
/// Two kinds are told apart by type, never by their wording: <see cref="FarmNotFoundException"/> (it names
/// something that does not exist) and <see cref="FarmConflictException"/> (the farm's state does not allow it now).
/// </summary>
public class FarmValidationException : Exception
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
