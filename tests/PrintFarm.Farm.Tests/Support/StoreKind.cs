namespace PrintFarm.Farm.Tests.Support;

public enum StoreKind
{
    Sqlite,
    Postgres,
}
