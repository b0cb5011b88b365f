namespace PrintFarm.Printing.Virtual;

/// <summary>Takes the firmware's response lines, each stamped with the simulated time it was produced.</summary>
internal interface IResponseSink
{
    void Send(string line, long generatedAt);
}
