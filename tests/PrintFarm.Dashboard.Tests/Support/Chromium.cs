using Microsoft.Playwright;

namespace PrintFarm.Dashboard.Tests.Support;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c> package), launched through its executable path:
/// Playwright's own browser builds are never downloaded.
/// </summary>
internal static class Chromium
{
    public const string PathVariable = "PRINTFARM_CHROMIUM";

    private static readonly string[] KnownPaths =
    [
        "/usr/bin/chromium",
        "/usr/lib/chromium/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ];

    /// <summary>
    /// The executable to launch. Without one the test fails when <c>CI</c> is set (a CI machine must have it)
    /// and the test is ignored (reported as skipped) elsewhere.
    /// </summary>
    public static string Require()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(configured))
            {
                Assert.Fail($"{PathVariable} is '{configured}', which does not exist.");
            }

            return configured;
        }

        var found = KnownPaths.FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        var reason = $"Chromium not found at {string.Join(", ", KnownPaths)}. Install it (Debian: apt-get install chromium) "
            + $"or set {PathVariable} to its executable.";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
        return string.Empty; // not reached: both asserts throw
    }

    public static BrowserTypeLaunchOptions LaunchOptions(string executable)
    {
        var args = new List<string> { "--disable-dev-shm-usage" };
        if (Environment.IsPrivilegedProcess)
        {
            // Chromium refuses to start its sandbox as root.
            args.Add("--no-sandbox");
        }

        return new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = args,
            Timeout = 60_000,
        };
    }
}
