namespace PrintFarm.Farm.Demand;

/// <summary>What a delivery record did.</summary>
public enum MovementKind
{
    /// <summary>Printed parts reached a node.</summary>
    Collect,

    /// <summary>Collected parts passed the check.</summary>
    Pass,

    /// <summary>Collected parts failed the check; they are gone.</summary>
    Reject,

    /// <summary>Passed parts handed to the requester, against one demand.</summary>
    Deliver,

    /// <summary>
    /// The planner took finished parts from a stock line for a demand line, in the same stage. Always a pair: the half on
    /// the stock line has only <see cref="PartMovement.From"/>, the half on the demand line only <see cref="PartMovement.To"/>.
    /// </summary>
    Allocate,
}
