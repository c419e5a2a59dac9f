namespace BundleForge.Cli.Tests.Commands;

public class ImportAndStatsTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Import_PrintsOneJsonObject_WhoseRemovedCountsAddUp()
    {
        var db = Path.Combine(_dir, "or.duckdb");
        var r = CliRunner.Run("import", "--input", Path.Combine(AppContext.BaseDirectory, "sample", "online_retail_2011q4.csv.gz"), "--db", db, "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json; // throws if stdout is not exactly one JSON document
        long read = j.GetProperty("rows_read").GetInt64(), kept = j.GetProperty("rows_kept").GetInt64();
        long removed = j.GetProperty("removed").EnumerateObject().Sum(p => p.Value.GetInt64());
        Assert.Equal(170_978, read);
        Assert.Equal(read, kept + removed);
        Assert.True(j.GetProperty("removed").GetProperty("cancellation").GetInt64() > 0);
        Assert.True(j.GetProperty("users_read").GetInt64() > 2000);
        Assert.True(j.GetProperty("seconds").GetDouble() > 0);
        Assert.True(File.Exists(db));
    }

    [Fact]
    public void Stats_OnSeqRec_CountsUsersItemsInteractions()
    {
        var f = Path.Combine(_dir, "s.txt");
        File.WriteAllText(f, "1 5 6 7\n2 6 7\n3 5 8\n");
        var r = CliRunner.Run("stats", "--data", f, "--format", "seqrec", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(3, r.Json.GetProperty("users").GetInt32());
        Assert.Equal(4, r.Json.GetProperty("items").GetInt32());
        Assert.Equal(7, r.Json.GetProperty("interactions").GetInt32());
    }

    [Fact]
    public void Demo_RunsOnTheEmbeddedSample()
    {
        // The demo trains every model on 170k rows (SASRec most of it): minutes on a shared 2-core machine, so SASRec
        // trains for fewer epochs here than the demo's default (the whole pipeline still runs).
        var r = CliRunner.Run(TimeSpan.FromMinutes(10), "demo", "--sasrec-epochs", "3", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(170_978, r.Json.GetProperty("rows_read").GetInt64());
        Assert.True(r.Json.GetProperty("orders").GetInt32() > 5000);
        Assert.Equal(3, r.Json.GetProperty("trained").GetProperty("sasrec").GetProperty("epochs_run").GetInt32());
        // The next-basket comparison ran on a folder trained without its test days and was saved for the dashboard.
        var nextBasket = r.Json.GetProperty("next_basket");
        Assert.InRange(nextBasket.GetProperty("metrics").GetProperty("hr@10").GetDouble(), 0.01, 1);
        foreach (var baseline in new[] { "popularity", "personal_top", "tifu_knn" })
            Assert.True(nextBasket.GetProperty("baselines").TryGetProperty(baseline, out _), baseline);
        Assert.True(File.Exists(Path.Combine(r.Json.GetProperty("model").GetString()!, "results", "next-basket.json")));
    }
}
