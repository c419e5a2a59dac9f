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
        // Every epoch's validation figure reaches the log, though these epochs end well within the line printer's
        // two-second throttle: a result is a milestone, never dropped.
        int validatedLines = train.Stderr.Split('\n').Count(l => l.Contains("valid ndcg@10", StringComparison.Ordinal));
        Assert.Equal(t.GetProperty("epochs_run").GetInt32(), validatedLines);
        Assert.True(t.GetProperty("seconds_per_epoch").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(model, "sasrec", "weights.bin")));
        // No user re-buys in these histories: the model learns on its validation split to rank them last, and says so.
        Assert.Equal("masked", t.GetProperty("history").GetString());
        var evidence = t.GetProperty("history_evidence");
        Assert.Equal("auto", evidence.GetProperty("rule").GetString());
        Assert.True(evidence.GetProperty("valid_ndcg@10_masked").GetDouble() > evidence.GetProperty("valid_ndcg@10_kept").GetDouble());
        Assert.Equal(0, evidence.GetProperty("train_repeat_share").GetDouble());
        Assert.Contains("history masked", t.GetProperty("protocol").GetString());
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "manifest.json"))))
        {
            var parameters = manifest.RootElement.GetProperty("components").GetProperty("sasrec").GetProperty("parameters");
            Assert.Equal("masked", parameters.GetProperty("history").GetString());
            Assert.True(parameters.GetProperty("config").GetProperty("mask_history").GetBoolean());
        }

        var eval = CliRunner.Run("evaluate", "--model", model, "--data", _data, "--format", "seqrec", "--task", "next-item", "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var e = eval.Json;
        Assert.Equal("next-item", e.GetProperty("task").GetString());
        Assert.Contains("leave-last-out", e.GetProperty("protocol").GetString());
        Assert.Equal(ndcg, e.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), 6);
        Assert.Equal(popHr, e.GetProperty("baselines").GetProperty("popularity").GetProperty("hr@10").GetDouble(), 6);
        Assert.False(e.GetProperty("history_excluded").GetBoolean());
        Assert.Equal("masked", e.GetProperty("history").GetString());

        // The protocol's own filter on a model that already masks changes nothing for the model; popularity gains.
        var filtered = CliRunner.Run("evaluate", "--model", model, "--data", _data, "--format", "seqrec", "--task", "next-item", "--exclude-history", "--json");
        Assert.True(filtered.ExitCode == 0, filtered.Stderr);
        var f = filtered.Json;
        Assert.True(f.GetProperty("history_excluded").GetBoolean());
        Assert.Contains("history items excluded", f.GetProperty("protocol").GetString());
        Assert.Equal(ndcg, f.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), 6);
        Assert.Equal(hr, f.GetProperty("metrics").GetProperty("hr@10").GetDouble(), 6);

        // Overridden: the same data trained with --seq-history keep scores the history with the rest.
        var keptModel = Path.Combine(_dir, "model-kept");
        var keptRun = CliRunner.Run("train", "--data", _data, "--format", "seqrec", "--models", "sasrec", "--out", keptModel, "--seq-history", "keep",
            "--epochs", "20", "--dim", "32", "--max-len", "10", "--seq-lr", "0.005", "--threads", "2", "--seed", "3", "--json");
        Assert.True(keptRun.ExitCode == 0, keptRun.Stderr);
        Assert.Equal("kept", keptRun.Json.GetProperty("history").GetString());
        Assert.Equal("keep", keptRun.Json.GetProperty("history_evidence").GetProperty("rule").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, keptRun.Json.GetProperty("history_evidence").GetProperty("valid_ndcg@10_masked").ValueKind);
        var keptEval = CliRunner.Run("evaluate", "--model", keptModel, "--data", _data, "--format", "seqrec", "--task", "next-item", "--json");
        Assert.True(keptEval.ExitCode == 0, keptEval.Stderr);
        Assert.Equal("kept", keptEval.Json.GetProperty("history").GetString());
        Assert.DoesNotContain("history masked", keptEval.Json.GetProperty("protocol").GetString());
        double popNdcg = e.GetProperty("baselines").GetProperty("popularity").GetProperty("ndcg@20").GetDouble();
        Assert.True(f.GetProperty("baselines").GetProperty("popularity").GetProperty("ndcg@20").GetDouble() > popNdcg);
    }

    [Fact]
    public void Item_features_train_save_and_evaluate_to_the_same_metrics()
    {
        var shop = Path.Combine(_dir, "shop");
        var gen = CliRunner.Run("generate", "--out", shop, "--users", "150", "--items", "60", "--orders", "1500", "--seed", "4", "--json");
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        string data = Path.Combine(shop, "interactions.csv"), catalog = Path.Combine(shop, "items.csv");
        var model = Path.Combine(_dir, "model-features");
        var train = CliRunner.Run("train", "--data", data, "--catalog", catalog, "--models", "sasrec", "--item-features", "--out", model,
            "--epochs", "3", "--dim", "16", "--max-len", "10", "--threads", "2", "--seed", "3", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var t = train.Json.GetProperty("models").GetProperty("sasrec");
        double ndcg = t.GetProperty("metrics").GetProperty("ndcg@10").GetDouble();

        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "manifest.json")));
        var parameters = manifest.RootElement.GetProperty("components").GetProperty("sasrec").GetProperty("parameters");
        Assert.True(parameters.GetProperty("item_features").GetBoolean());
        Assert.Contains("brand", parameters.GetProperty("item_feature_slots").EnumerateArray().Select(x => x.GetString()));
        Assert.True(parameters.GetProperty("items_with_features").GetInt32() > 0);
        Assert.True(parameters.GetProperty("config").GetProperty("item_feature_slots").GetInt32() >= 3);

        var eval = CliRunner.Run("evaluate", "--model", model, "--data", data, "--catalog", catalog, "--task", "next-item", "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Equal(ndcg, eval.Json.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), 6);
    }

    [Fact]
    public void Time_split_trains_before_the_cut_and_evaluate_uses_the_same_split()
    {
        var shop = Path.Combine(_dir, "shop-time");
        var gen = CliRunner.Run("generate", "--out", shop, "--users", "150", "--items", "60", "--orders", "2000", "--seed", "5", "--json");
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        string data = Path.Combine(shop, "interactions.csv");
        var model = Path.Combine(_dir, "model-time");
        var train = CliRunner.Run("train", "--data", data, "--models", "sasrec", "--seq-test-days", "60", "--out", model,
            "--epochs", "3", "--dim", "16", "--max-len", "10", "--threads", "2", "--seed", "3", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var t = train.Json.GetProperty("models").GetProperty("sasrec");
        Assert.StartsWith("time split", t.GetProperty("protocol").GetString());
        int users = t.GetProperty("test_users").GetInt32();
        Assert.True(users > 20, $"{users} test users");
        Assert.Equal(users, t.GetProperty("metrics").GetProperty("users").GetInt32());
        Assert.Equal(users, t.GetProperty("baselines").GetProperty("popularity").GetProperty("users").GetInt32());
        Assert.True(t.GetProperty("training_period_leave_last_out").GetProperty("metrics").GetProperty("users").GetInt32() > 0);

        var eval = CliRunner.Run("evaluate", "--model", model, "--data", data, "--task", "next-item", "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.StartsWith("time split", eval.Json.GetProperty("protocol").GetString());
        Assert.Equal(t.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), eval.Json.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), 6);
        Assert.Equal(users, eval.Json.GetProperty("metrics").GetProperty("users").GetInt32());
    }

    [Fact]
    public void Time_split_without_real_times_is_a_user_error()
    {
        var r = CliRunner.Run("train", "--data", _data, "--format", "seqrec", "--models", "sasrec", "--seq-test-days", "30",
            "--out", Path.Combine(_dir, "m"), "--epochs", "1", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--seq-test-days", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Item_features_without_any_item_attribute_is_a_user_error()
    {
        var r = CliRunner.Run("train", "--data", _data, "--format", "seqrec", "--models", "sasrec", "--item-features",
            "--out", Path.Combine(_dir, "m"), "--epochs", "1", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--item-features", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout);
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

    [Theory]
    [InlineData("--seq-schedule", "linear")]
    [InlineData("--seq-negative-sampling", "2")]
    [InlineData("--seq-warmup-steps", "-5")]
    [InlineData("--seq-layer", "gated")]
    [InlineData("--seq-validate-every", "0")]
    [InlineData("--seq-history", "sometimes")]
    [InlineData("--seq-label-smoothing", "0.1")] // needs the full softmax, and this run asks for sampled-ce
    public void Bad_loss_and_schedule_settings_are_user_errors_naming_the_flag(string flag, string value)
    {
        var r = CliRunner.Run("train", "--data", _data, "--format", "seqrec", "--models", "sasrec", "--out", Path.Combine(_dir, "m"),
            "--seq-loss", "sampled-ce", flag, value, "--epochs", "1", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(flag, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_dir, "m")));
    }

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }
}
