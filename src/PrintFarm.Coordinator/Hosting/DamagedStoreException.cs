namespace PrintFarm.Coordinator.Hosting;

/// <summary>The store is empty or foreign while the data directory holds a farm: <c>serve</c> stops with this one-line reason.</summary>
public sealed class DamagedStoreException : IOException
{
    public DamagedStoreException(string message)
        : base(message)
    {
    }

    public DamagedStoreException()
    {
    }

    public DamagedStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
