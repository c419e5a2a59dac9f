namespace BundleForge.Core.Tests;

/// <summary>Paths of the tiny input files in Fixtures/ and scratch folders for tests.</summary>
internal static class Fixture
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string TempDir()
    {
        var d = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bf-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
