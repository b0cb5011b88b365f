namespace PrintFarm.Printing.Profiles;

/// <summary>A firmware profile file is missing, malformed or names an unknown key.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException(string message) : base(message) { }
    public ProfileException(string message, Exception inner) : base(message, inner) { }
}
