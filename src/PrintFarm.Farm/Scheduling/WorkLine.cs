using PrintFarm.Farm.Demand;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// The parts one ledger line still owes, as the planner leaves them for the dispatcher: no job exists for them yet,
/// so they are owed to the demand, not to a kind of printer. The dispatcher cuts them into plates only when a printer
/// is free, with a variant that fits that printer.
/// </summary>
/// <param name="Key">The ledger line: design, requester and destination node.</param>
/// <param name="Priority">The highest priority among the line's open demands.</param>
/// <param name="NeededBy">The earliest needed-by among them; null when none has one.</param>
/// <param name="Since">When the oldest of them was made: the tie-break that keeps the order first come, first served.</param>
/// <param name="Parts">Uncovered parts: requested minus every stage that covers it.</param>
public sealed record WorkLine(LedgerKey Key, int Priority, DateTimeOffset? NeededBy, DateTimeOffset Since, long Parts);
