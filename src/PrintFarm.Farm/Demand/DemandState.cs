namespace PrintFarm.Farm.Demand;

public enum DemandState
{
    Open,
    Cancelled,
}
