namespace PrintFarm.Farm.Queries;

/// <summary>One page of a list and the number of rows matching the query on all pages.</summary>
/// <param name="Items">The rows of this page, at most the query's limit.</param>
/// <param name="Total">Rows matching the filters, counted when the page was read.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total);
