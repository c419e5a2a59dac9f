using System.Security.Cryptography;
using System.Text;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>Every user mistake gives exit code 2 and one clear line naming what is wrong, never a stack trace, and
/// never damages an existing store.</summary>
public class BadInputTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllText(p, text);
        return p;
    }

    internal static void AssertUserError(CliRunner.Result r, params string[] mustContain)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        // Progress lines may come first; exactly one line is the error.
        Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace
        foreach (var s in mustContain)
            Assert.Contains(s, r.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void MissingRequiredColumn_NamesTheColumnAndWhatWasFound()
    {
        var f = Write("a.csv", "user_id,item_id\nu1,A\n");
        AssertUserError(CliRunner.Run("stats", "--data", f, "--format", "canonical"), "a.csv", "timestamp", "found columns");
    }

    [Fact]
    public void WrongDelimiter_IsExplained()
    {
        var f = Write("pipe.csv", "user_id|item_id|timestamp\nu1|A|2024-01-01\n");
        AssertUserError(CliRunner.Run("stats", "--data", f, "--format", "canonical"), "user_id", "delimiter");
    }

    [Fact]
    public void UnparsableDate_UnderStrict_NamesLineAndField()
    {
        var f = Write("d.csv", "user_id,item_id,timestamp\nu1,A,2024-01-01\nu2,B,the day after\n");
        AssertUserError(CliRunner.Run("stats", "--data", f, "--strict"), "d.csv", "line 3", "'timestamp'", "the day after");
    }

    [Fact]
    public void UnparsableDate_WithoutStrict_IsCountedAsRemoved()
    {
        var f = Write("d.csv", "user_id,item_id,timestamp\nu1,A,2024-01-01\nu2,B,the day after\n");
        var r = CliRunner.Run("stats", "--data", f, "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(1, r.Json.GetProperty("cleaning").GetProperty("removed").GetProperty("malformed_timestamp").GetInt32());
    }

    [Fact]
    public void NonNumericQuantity_UnderStrict_NamesLineAndField()
    {
        var f = Write("q.csv", "user_id,item_id,timestamp,quantity\nu1,A,2024-01-01,two\n");
        AssertUserError(CliRunner.Run("stats", "--data", f, "--strict"), "line 2", "'quantity'", "two");
    }

    [Fact]
    public void EmptyFile() => AssertUserError(CliRunner.Run("stats", "--data", Write("e.csv", "")), "empty");

    [Fact]
    public void BinaryGarbage()
    {
        var p = Path.Combine(_dir, "g.bin");
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        bytes[10] = 0;
        File.WriteAllBytes(p, bytes);
        AssertUserError(CliRunner.Run("stats", "--data", p, "--format", "canonical"), "g.bin");
    }

    [Fact]
    public void SingleEnormousLine()
    {
        var p = Path.Combine(_dir, "long.csv");
        File.WriteAllText(p, new string('x', 3 << 20));
        AssertUserError(CliRunner.Run("stats", "--data", p), "long.csv", "line");
    }

    [Fact]
    public void InvalidUtf8()
    {
        var p = Path.Combine(_dir, "latin1.csv");
        File.WriteAllBytes(p, [.. Encoding.ASCII.GetBytes("user_id,item_id,timestamp\nu1,caf"), 0xE9, .. Encoding.ASCII.GetBytes(",2024-01-01\n")]);
        AssertUserError(CliRunner.Run("stats", "--data", p), "latin1.csv", "UTF-8", "line 2");
    }

    [Fact]
    public void FileNotFound() => AssertUserError(CliRunner.Run("stats", "--data", Path.Combine(_dir, "nope.csv")), "nope.csv", "not found");

    [Fact]
    public void DirectoryWhereAFileIsExpected() => AssertUserError(CliRunner.Run("stats", "--data", _dir, "--format", "canonical"), "folder");

    [Fact]
    public void UnknownFormat() => AssertUserError(CliRunner.Run("stats", "--data", Write("x.csv", "a\n1\n"), "--format", "xml"), "--format", "xml");

    [Fact]
    public void UnknownBacktestSignal_NamesTheOption() =>
        AssertUserError(CliRunner.Run("backtest", "--data", Write("b.csv", "user_id,item_id,timestamp\nu1,A,2024-01-01\n"), "--signals", "item2vec,gru4rec", "--json"),
            "--signals", "gru4rec");

    [Fact]
    public void UnknownEvaluateTask_NamesTheOption() =>
        AssertUserError(CliRunner.Run("evaluate", "--model", _dir, "--data", Write("e2.csv", "user_id,item_id,timestamp\nu1,A,2024-01-01\n"), "--task", "recall"),
            "--task", "recall", "basket-completion");

    [Fact]
    public void UnknownOption_IsAUserErrorToo()
    {
        var r = CliRunner.Run("stats", "--dta", "x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--dta", r.Stderr);
    }

    [Fact]
    public void UnwritableDbPath_LeavesNothingBehind()
    {
        var input = Write("ok.csv", "user_id,item_id,timestamp\nu1,A,2024-01-01\n");
        AssertUserError(CliRunner.Run("import", "--input", input, "--db", "/proc/bundleforge-test.duckdb"), "--db");
        AssertUserError(CliRunner.Run("import", "--input", input, "--db", Path.Combine(_dir, "no-such-folder", "x.duckdb")), "folder");
        AssertUserError(CliRunner.Run("import", "--input", input, "--db", _dir), "folder");
    }

    [Fact]
    public void FailedImport_NeverTouchesTheExistingStore()
    {
        var db = Path.Combine(_dir, "shop.duckdb");
        var good = Write("good.csv", "user_id,item_id,timestamp\nu1,A,2024-01-01\nu1,B,2024-01-01\n");
        Assert.Equal(0, CliRunner.Run("import", "--input", good, "--db", db, "--json").ExitCode);
        var before = SHA256.HashData(File.ReadAllBytes(db));
        var bad = Write("bad.csv", "user_id,item_id,timestamp,quantity\nu1,A,2024-01-01,many\n");
        AssertUserError(CliRunner.Run("import", "--input", bad, "--db", db, "--strict"), "quantity");
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
        var stats = CliRunner.Run("stats", "--data", db, "--json");
        Assert.Equal(0, stats.ExitCode);
        Assert.Equal(2, stats.Json.GetProperty("interactions").GetInt32());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public async Task InterruptedImport_LeavesTheExistingStoreIntact()
    {
        var db = Path.Combine(_dir, "shop.duckdb");
        var small = Write("small.csv", "user_id,item_id,timestamp\nu1,A,2024-01-01\n");
        Assert.Equal(0, CliRunner.Run("import", "--input", small, "--db", db).ExitCode);
        var before = SHA256.HashData(File.ReadAllBytes(db));
        var bigger = Write("bigger.csv", "user_id,item_id,timestamp,order_id\n"
            + string.Concat(Enumerable.Range(0, 1000).Select(i => $"u{i % 50},i{i % 30},{1700000000 + i},o{i / 4}\n")));

        // The importer's test hook (StoreWriter) creates the marker once the new store is completely written to its
        // temporary file and waits before replacing the existing store: the kill lands exactly there, every time.
        var marker = Path.Combine(_dir, "paused-before-rename");
        using var p = CliRunner.Start(new Dictionary<string, string> { ["BUNDLEFORGE_TEST_PAUSE_BEFORE_RENAME"] = marker },
            "import", "--input", bigger, "--db", db);
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(marker) && !p.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(20);
        if (!File.Exists(marker))
            Assert.Fail(p.HasExited
                ? $"import exited ({p.ExitCode}) without pausing before it replaced the store; does it still write a temporary file and rename it?\n{await stderr}"
                : "import did not reach its pause before the rename within 2 minutes");
        p.Kill(entireProcessTree: true);
        p.WaitForExit();

        // The existing store is untouched, although the new one was complete: it sits in a stale temporary file
        // (killed processes run no cleanup), which is a whole store of the new data.
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
        var stats = CliRunner.Run("stats", "--data", db, "--json");
        Assert.Equal(0, stats.ExitCode);
        Assert.Equal(1, stats.Json.GetProperty("interactions").GetInt32());
        var stale = Assert.Single(Directory.GetFiles(_dir, "*.tmp"));
        var staleBytes = File.ReadAllBytes(stale);
        var fromStale = CliRunner.Run("stats", "--data", stale, "--json");
        Assert.True(fromStale.ExitCode == 0, fromStale.Stderr);

        // The stale file does no harm: the next import succeeds, writes the same data, and leaves no file of its own.
        var again = CliRunner.Run("import", "--input", bigger, "--db", db, "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        int interactions = again.Json.GetProperty("interactions").GetInt32();
        Assert.True(interactions > 1);
        Assert.Equal(interactions, fromStale.Json.GetProperty("interactions").GetInt32());
        Assert.Equal(interactions, CliRunner.Run("stats", "--data", db, "--json").Json.GetProperty("interactions").GetInt32());
        Assert.Equal([stale], Directory.GetFiles(_dir, "*.tmp"));
        Assert.Equal(staleBytes, File.ReadAllBytes(stale));
    }
}
