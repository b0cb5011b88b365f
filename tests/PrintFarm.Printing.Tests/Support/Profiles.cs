using PrintFarm.Printing.Profiles;

namespace PrintFarm.Printing.Tests.Support;

/// <summary>The shipped firmware profiles, as the tests see them.</summary>
internal static class Profiles
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "firmware-profiles");

    public static ProfileCatalog Catalog() => new(ProfileLoader.LoadDirectory(Directory));
}
