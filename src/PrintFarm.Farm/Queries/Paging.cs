namespace PrintFarm.Farm.Queries;

/// <summary>The limits on a page request.</summary>
public static class Paging
{
    /// <summary>Most rows one page may hold.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Rows on a page when the caller does not say.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Throws <see cref="FarmValidationException"/> unless 0 &lt;= limit &lt;= <see cref="MaxLimit"/> and offset &gt;= 0.</summary>
    public static void Check(int limit, long offset)
    {
        if (limit < 0 || limit > MaxLimit)
            throw new FarmValidationException($"limit must be between 0 and {MaxLimit}, not {limit}");
        if (offset < 0)
            throw new FarmValidationException($"offset cannot be negative ({offset})");
    }
}
