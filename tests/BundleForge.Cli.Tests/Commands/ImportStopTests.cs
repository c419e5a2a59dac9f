using System.Security.Cryptography;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>An <c>import</c> stopped by SIGTERM or Ctrl-C (SIGINT) once its new store is completely written to the
/// temporary file, just before the rename, removes that file, leaves the existing store as it was, and says so in one
/// line with the shell's exit code (as a stopped <c>train</c> does).</summary>
public sealed class ImportStopTests : CommandStopTest
{
    [Theory]
    [InlineData(SignalledChild.SigTerm)]
    [InlineData(SignalledChild.SigInt)]
    public async Task A_stopped_import_removes_its_temporary_store_and_leaves_the_old_one(int signal)
    {
        var db = Path.Combine(Dir, "shop.duckdb");
        var small = Path.Combine(Dir, "small.csv");
        File.WriteAllText(small, "user_id,item_id,timestamp\nu1,A,2024-01-01\n");
        Assert.Equal(0, CliRunner.Run("import", "--input", small, "--db", db).ExitCode);
        var before = SHA256.HashData(File.ReadAllBytes(db));
        var bigger = Path.Combine(Dir, "bigger.csv");
        File.WriteAllText(bigger, "user_id,item_id,timestamp,order_id\n"
            + string.Concat(Enumerable.Range(0, 1000).Select(i => $"u{i % 50},i{i % 30},{1700000000 + i},o{i / 4}\n")));

        // StoreWriter's test hook creates the marker once the temporary store is complete and waits there.
        var marker = Path.Combine(Dir, "paused-before-rename");
        using var p = new SignalledChild(new Dictionary<string, string> { ["BUNDLEFORGE_TEST_PAUSE_BEFORE_RENAME"] = marker },
            "import", "--input", bigger, "--db", db);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(marker) && !p.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(20);
        Assert.True(File.Exists(marker), $"import did not pause before its rename: {string.Join('\n', p.Lines)}");
        Assert.Single(Directory.GetFiles(Dir, "*.tmp"));

        // The import waits on the cancellation, not on the hook's minute.
        await AssertStops(p, signal, $"import stopped before it finished: {db} was left as it was");
        Assert.Empty(Directory.GetFiles(Dir, "*.tmp"));
        Assert.Empty(Directory.GetFiles(Dir, "*.wal"));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
        var stats = CliRunner.Run("stats", "--data", db, "--json");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Equal(1, stats.Json.GetProperty("interactions").GetInt32());
    }
}
