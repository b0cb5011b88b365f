namespace PrintFarm.Farm;

/// <summary>
/// A request that names a printer, job, design, demand, key or agent the farm does not have. Nothing was written.
/// </summary>
public sealed class FarmNotFoundException : FarmValidationException
{
    public FarmNotFoundException()
    {
    }

    public FarmNotFoundException(string message)
        : base(message)
    {
    }

    public FarmNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
