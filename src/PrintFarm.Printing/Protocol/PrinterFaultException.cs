namespace PrintFarm.Printing.Protocol;

/// <summary>The printer halted, reported a fatal error, or stopped answering.</summary>
public sealed class PrinterFaultException : Exception
{
    public PrinterFaultException(string message) : base(message) { }
    public PrinterFaultException(string message, Exception inner) : base(message, inner) { }
}
