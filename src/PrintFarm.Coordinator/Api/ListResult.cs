namespace PrintFarm.Coordinator.Api;

/// <summary>Every list answers <c>{"items": [...], "total": N}</c>; <c>total</c> counts all matches, not just this page.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, long Total);
