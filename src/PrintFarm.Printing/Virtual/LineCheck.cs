namespace PrintFarm.Printing.Virtual;

/// <summary>The outcome of checking one received line.</summary>
internal enum LineCheck
{
    Accepted,
    LineNumberMismatch,
    ChecksumMismatch,
    MissingChecksum,
    MissingLineNumber,
}
