namespace PrintFarm.Farm.Demand;

/// <summary>Who asks for parts.</summary>
public enum RequesterKind
{
    Hospital,
    SocialService,
    CareHome,
    Other,
}
