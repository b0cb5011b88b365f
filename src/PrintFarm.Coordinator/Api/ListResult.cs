using PrintFarm.Coordinator;
using PrintFarm.Coordinator.Agents;
using PrintFarm.Coordinator.Demands;
using PrintFarm.Coordinator.Designs;
using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Health;
using PrintFarm.Coordinator.Jobs;
using PrintFarm.Coordinator.Keys;
using PrintFarm.Coordinator.Ledger;
using PrintFarm.Coordinator.Nodes;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Api;

/// <summary>Every list answers <c>{"items": [...], "total": N}</c>; <c>total</c> counts all matches, not just this page.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, long Total);
