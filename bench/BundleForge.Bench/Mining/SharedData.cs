namespace BundleForge.Bench.Mining;

/// <summary>Finds the read-only benchmark data (<c>BUNDLEFORGE_SHARED</c>, else a <c>shared</c> folder beside an
/// ancestor of the working directory).</summary>
internal static class SharedData
{
    public static string PathOf(string relative)
    {
        if (Environment.GetEnvironmentVariable("BUNDLEFORGE_SHARED") is { Length: > 0 } env)
            return Path.Combine(env, relative);
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"Benchmark data '{relative}' not found; set BUNDLEFORGE_SHARED to the shared folder.");
    }
}
