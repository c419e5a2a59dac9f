namespace BundleForge.Cli.Tests.Commands;

public sealed class SequenceModelCommandTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();
    private readonly string _data;

    public SequenceModelCommandTests()
    {
        // seqrec lines "user item item ...": item i is always followed by item i+1 (mod 30), from a random start.
        _data = Path.Combine(_dir, "succ.txt");
        var rng = new Random(1);
        var lines = new List<string>();
        for (int u = 1; u <= 200; u++)
        {
            int start = rng.Next(30), n = rng.Next(4, 10);
            lines.Add(u + " " + string.Join(' ', Enumerable.Range(0, n).Select(k => (start + k) % 30 + 1)));
        }
        File.WriteAllLines(_data, lines);
    }

    [Fact]
    public void Train_sasrec_then_evaluate_next_item_reports_the_same_test_metrics()
    {
        var model = Path.Combine(_dir, "model");
        var train = CliRunner.Run("train", "--data", _data, "--format", "seqrec", "--models", "sasrec", "--out", model,
            "--epochs", "20", "--dim", "32", "--max-len", "10", "--seq-lr", "0.005", "--threads", "2", "--seed", "3", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var t = train.Json;
        Assert.Equal("next-item", t.GetProperty("task").GetString());
        double ndcg = t.GetProperty("metrics").GetProperty("ndcg@10").GetDouble();
        double hr = t.GetProperty("metrics").GetProperty("hr@10").GetDouble();
        double popHr = t.GetProperty("baselines").GetProperty("popularity").GetProperty("hr@10").GetDouble();
        Assert.True(hr > 0.8 && hr > popHr + 0.3, $"hr@10 {hr}, popularity {popHr}");
        Assert.True(t.GetProperty("epochs_run").GetInt32() >= 1);
        Assert.True(t.GetProperty("seconds_per_epoch").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(model, "sasrec", "weights.bin")));

        var eval = CliRunner.Run("evaluate", "--model", model, "--data", _data, "--format", "seqrec", "--task", "next-item", "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var e = eval.Json;
        Assert.Equal("next-item", e.GetProperty("task").GetString());
        Assert.Contains("leave-last-out", e.GetProperty("protocol").GetString());
        Assert.Equal(ndcg, e.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), 6);
        Assert.Equal(popHr, e.GetProperty("baselines").GetProperty("popularity").GetProperty("hr@10").GetDouble(), 6);
    }

    [Fact]
    public void Unknown_loss_is_a_user_error()
    {
        var r = CliRunner.Run("train", "--data", _data, "--format", "seqrec", "--models", "sasrec", "--out", Path.Combine(_dir, "m"),
            "--seq-loss", "hinge", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--seq-loss", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
