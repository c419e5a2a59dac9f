using System.Text.Json;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>The bundles, price, backtest and evaluate --task bundle-ranking commands on a small generated shop.</summary>
public sealed class BundleCommandsTests : IClassFixture<BundleCommandsTests.TrainedShop>
{
    /// <summary>One generated shop and model folder shared by the tests (training takes seconds).</summary>
    public sealed class TrainedShop : IDisposable
    {
        public string Dir { get; } = CliRunner.TempDir();
        public string Shop => Path.Combine(Dir, "shop");
        public string Model => Path.Combine(Dir, "model");
        public string KnownUser { get; }

        public TrainedShop()
        {
            var gen = CliRunner.Run("generate", "--out", Shop, "--users", "200", "--items", "60", "--orders", "2000", "--seed", "4", "--json");
            Assert.Equal(0, gen.ExitCode);
            var train = CliRunner.Run("train", "--data", Path.Combine(Shop, "interactions.csv"), "--catalog", Path.Combine(Shop, "items.csv"),
                "--out", Model, "--models", "bundles", "--json");
            Assert.True(train.ExitCode == 0, train.Stderr);
            KnownUser = File.ReadLines(Path.Combine(Shop, "interactions.csv")).Skip(1).First().Split(',')[0];
        }

        public void Dispose() => Directory.Delete(Dir, recursive: true);
    }

    private readonly TrainedShop _shop;

    public BundleCommandsTests(TrainedShop shop) => _shop = shop;

    [Fact]
    public void ModelFolder_HoldsNoRawUserId()
    {
        Assert.True(Directory.Exists(Path.Combine(_shop.Model, "bundles")));
        foreach (var file in Directory.EnumerateFiles(_shop.Model, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(_shop.KnownUser, System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)));
    }

    [Fact]
    public void Bundles_KnownUserIsPersonalised_UnknownUserIsMarked()
    {
        var known = CliRunner.Run("bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "-n", "2", "--json");
        Assert.True(known.ExitCode == 0, known.Stderr);
        Assert.True(known.Json.GetProperty("known_user").GetBoolean());
        Assert.True(known.Json.GetProperty("personalised").GetBoolean());
        var bundles = known.Json.GetProperty("bundles");
        Assert.InRange(bundles.GetArrayLength(), 1, 2);
        foreach (var b in bundles.EnumerateArray())
        {
            Assert.True(b.GetProperty("price").GetDouble() <= b.GetProperty("list_price").GetDouble());
            Assert.True(b.GetProperty("price").GetDouble() >= b.GetProperty("cost").GetDouble());
            Assert.False(string.IsNullOrEmpty(b.GetProperty("explanation").GetString()));
        }

        var unknown = CliRunner.Run("bundles", "--model", _shop.Model, "--user", "never-seen-user", "--json");
        Assert.Equal(0, unknown.ExitCode);
        Assert.False(unknown.Json.GetProperty("known_user").GetBoolean());
        Assert.False(unknown.Json.GetProperty("personalised").GetBoolean());
        foreach (var b in unknown.Json.GetProperty("bundles").EnumerateArray())
            Assert.False(b.GetProperty("personalised").GetBoolean());
    }

    [Fact]
    public void Bundles_TwoIdenticalCalls_PrintIdenticalJson_WithPosteriorFiguresAndTheirIntervals()
    {
        foreach (var extra in new[] { Array.Empty<string>(), ["--item", "P00003"] })
        {
            string[] args = ["bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "--json", .. extra];
            var first = CliRunner.Run(args);
            var second = CliRunner.Run(args);
            Assert.True(first.ExitCode == 0, first.Stderr);
            Assert.Equal(first.Stdout, second.Stdout);
            var json = first.Json;
            var withheld = json.GetProperty("withheld");
            Assert.True(withheld.GetProperty("composed").GetInt32() >= json.GetProperty("bundles").GetArrayLength());
            Assert.False(string.IsNullOrEmpty(withheld.GetProperty("summary").GetString()));
            foreach (var b in json.GetProperty("bundles").EnumerateArray())
            {
                double acceptance = b.GetProperty("acceptance").GetDouble();
                var interval = b.GetProperty("acceptance_interval").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                Assert.InRange(acceptance, interval[0], interval[1]);
                Assert.True(b.GetProperty("expected_profit").GetDouble() > 0);
                Assert.True(b.GetProperty("discount").GetDouble() >= 0.05 - 1e-9);
            }
        }
    }

    [Fact]
    public void Bundles_WideAcceptanceIntervals_SayLittleEvidenceYet_WithTheResponsesBehindThem()
    {
        var strategy = Path.Combine(_shop.Dir, "no-exploration.json");
        File.WriteAllText(strategy, """{"exploration": false}""");
        string[] args = ["bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "-n", "3", "--strategy", strategy];
        var json = CliRunner.Run([.. args, "--json"]);
        Assert.True(json.ExitCode == 0, json.Stderr);
        var bundles = json.Json.GetProperty("bundles").EnumerateArray().ToList();
        Assert.NotEmpty(bundles);
        // The API's rule (AcceptanceEvidence): wider than 50 points; a model without feedback has no response behind any estimate.
        foreach (var b in bundles)
        {
            var interval = b.GetProperty("acceptance_interval").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.Equal(interval[1] - interval[0] > 0.5, b.GetProperty("little_evidence").GetBoolean());
            Assert.Equal(0, b.GetProperty("responses").GetInt64());
        }
        int little = bundles.Count(b => b.GetProperty("little_evidence").GetBoolean());
        Assert.True(little > 0, "a model without feedback should have wide intervals: " + json.Stdout);

        var text = CliRunner.Run(args);
        Assert.True(text.ExitCode == 0, text.Stderr);
        var rows = text.Stdout.Split('\n').Where(l => l.Contains("chance taken", StringComparison.Ordinal)).ToList();
        Assert.Equal(bundles.Count, rows.Count);
        Assert.Equal(little, rows.Count(r => r.Contains("little evidence yet: 0 responses to offers", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bundles_WhenNothingIsWorthOffering_SaysWhyInsteadOfPadding()
    {
        var strategy = Path.Combine(_shop.Dir, "strict.json");
        File.WriteAllText(strategy, """{"min_expected_profit": 100000}""");
        var json = CliRunner.Run("bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "--strategy", strategy, "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Equal(0, json.Json.GetProperty("bundles").GetArrayLength());
        var withheld = json.Json.GetProperty("withheld");
        Assert.True(withheld.GetProperty("below_min_expected_profit").GetInt32() > 0, json.Stdout);
        var text = CliRunner.Run("bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "--strategy", strategy);
        Assert.Equal(0, text.ExitCode);
        // Output that is not a terminal may be wrapped: compare the words.
        Assert.Contains("below the minimum expected profit", string.Join(' ', text.Stdout.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void UnknownItem_ExitsWith2_NamingTheId()
    {
        var r = CliRunner.Run("bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "--item", "NO-SUCH-ITEM");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("NO-SUCH-ITEM", r.Stderr);
        Assert.Empty(r.Stdout);
        var p = CliRunner.Run("price", "--model", _shop.Model, "--items", "P00001,NOPE-2", "--json");
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("NOPE-2", p.Stderr);
    }

    [Fact]
    public void Price_ARepeatedItem_ExitsWith2_InOneLineNamingIt()
    {
        var r = CliRunner.Run("price", "--model", _shop.Model, "--items", "P00001,P00001");
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("P00001", line);
        Assert.Contains("listed twice", line);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void Bundles_MoreThanTheStrategyLimit_ExitsWith2()
    {
        var r = CliRunner.Run("bundles", "--model", _shop.Model, "-n", "11");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("from 1 to 10", Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Price_ShowsTheCurve_NeverBelowCost()
    {
        var r = CliRunner.Run("price", "--model", _shop.Model, "--items", "P00001,P00002,P00003", "--user", _shop.KnownUser, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        double cost = r.Json.GetProperty("cost").GetDouble();
        var curve = r.Json.GetProperty("curve");
        Assert.True(curve.GetArrayLength() > 1);
        foreach (var c in curve.EnumerateArray())
            if (c.GetProperty("feasible").GetBoolean())
                Assert.True(c.GetProperty("price").GetDouble() >= cost);
        var human = CliRunner.Run("price", "--model", _shop.Model, "--items", "P00001,P00002");
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("Expected incremental profit", human.Stdout);
    }

    /// <summary>The output with every run of white space (line wraps included) as one space.</summary>
    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void Price_WithOneAllowedPrice_DrawsNoCurve_AndSaysItIsTheOnlyPrice()
    {
        var strategy = Path.Combine(_shop.Dir, "one-price.json");
        File.WriteAllText(strategy, """{"max_discount": 0, "min_discount": 0, "price_ending": null, "margin_floor": 0}""");
        var human = CliRunner.Run("price", "--model", _shop.Model, "--items", "P00001,P00002", "--strategy", strategy);
        Assert.True(human.ExitCode == 0, human.Stderr);
        Assert.DoesNotContain("Expected-profit curve", human.Stdout);
        Assert.DoesNotContain("Expected incremental profit", human.Stdout);
        Assert.Contains("the only price the strategy allows", Flat(human.Stdout));
        // Several allowed prices: the curve, and the sentence names the chosen point's neighbours.
        var several = CliRunner.Run("price", "--model", _shop.Model, "--items", "P00001,P00002");
        Assert.Contains("Expected-profit curve", several.Stdout);
        Assert.DoesNotContain("the only price the strategy allows", Flat(several.Stdout));
    }

    [Fact]
    public void Bundles_And_Price_GiveTheCurrency_InJsonAndText()
    {
        var json = CliRunner.Run("bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "-n", "2", "--json");
        Assert.Equal("EUR", json.Json.GetProperty("currency").GetString());
        var price = CliRunner.Run("price", "--model", _shop.Model, "--items", "P00001,P00002", "--json");
        Assert.Equal("EUR", price.Json.GetProperty("currency").GetString());

        var strategy = Path.Combine(_shop.Dir, "francs.json");
        File.WriteAllText(strategy, """{"currency": "chf"}""");
        var human = CliRunner.Run("bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "-n", "1", "--strategy", strategy);
        Assert.True(human.ExitCode == 0, human.Stderr);
        Assert.Contains("expected profit CHF ", Flat(human.Stdout));
        Assert.DoesNotContain("€", human.Stdout);
        var table = CliRunner.Run("price", "--model", _shop.Model, "--items", "P00001,P00002", "--strategy", strategy);
        Assert.Contains("(CHF)", table.Stdout);
        Assert.Contains("List CHF ", Flat(table.Stdout));

        File.WriteAllText(strategy, """{"currency": "$"}""");
        var bad = CliRunner.Run("bundles", "--model", _shop.Model, "--user", _shop.KnownUser, "--strategy", strategy);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("ISO 4217", bad.Stderr);
    }

    [Fact]
    public void Backtest_Json_HasTheDocumentedShape()
    {
        var r = CliRunner.Run("backtest", "--data", Path.Combine(_shop.Shop, "interactions.csv"), "--catalog", Path.Combine(_shop.Shop, "items.csv"),
            "--test-days", "60", "--sim-users", "200", "--sim-items", "50", "--sim-orders", "2000", "--sim-sessions", "60", "--sim-rounds", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = r.Json;
        foreach (var policy in new[] { root.GetProperty("metrics"), root.GetProperty("baselines").GetProperty("top_pairs"), root.GetProperty("baselines").GetProperty("rules_only") })
            foreach (var key in new[] { "bundle_hit_rate", "bundle_precision", "coverage" })
                Assert.InRange(policy.GetProperty(key).GetDouble(), 0, 1);
        var sim = root.GetProperty("simulation");
        Assert.Equal(JsonValueKind.Number, sim.GetProperty("oracle_share").ValueKind);
        Assert.Equal(0, sim.GetProperty("baselines").GetProperty("no_bundles").GetProperty("incremental_profit").GetDouble());
        Assert.Equal(JsonValueKind.Object, sim.GetProperty("baselines").GetProperty("fixed_discount").ValueKind);
    }

    [Fact]
    public void Backtest_Json_HasTheFiguresOfTheLibraryCall()
    {
        string data = Path.Combine(_shop.Shop, "interactions.csv"), catalog = Path.Combine(_shop.Shop, "items.csv");
        var r = CliRunner.Run("backtest", "--data", data, "--catalog", catalog, "--test-days", "60", "-n", "2", "--signals", "none",
            "--sim-users", "200", "--sim-items", "50", "--sim-orders", "2000", "--sim-sessions", "60", "--sim-rounds", "1", "--seed", "5", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);

        var dataset = BundleForge.Ingest.DatasetLoader.Load(new BundleForge.Ingest.Sources.LoadRequest { Path = data, CatalogPath = catalog });
        var report = BundleForge.Evaluation.Bundles.Backtest.Run(dataset, new BundleForge.Evaluation.Bundles.BundleBacktestOptions { TestDays = 60, Count = 2 },
            new BundleForge.Evaluation.Bundles.SimulatedShopOptions { Users = 200, Items = 50, Orders = 2_000, Sessions = 60, Rounds = 1, Seed = 5 });
        var root = r.Json;
        Assert.Equal(report.Protocol, root.GetProperty("protocol").GetString());
        Assert.Equal(report.HeldOut.Users, root.GetProperty("users").GetInt32());
        Assert.Equal(report.HeldOut.TrainBaskets, root.GetProperty("train_baskets").GetInt32());
        foreach (var (json, m) in new[] { (root.GetProperty("metrics"), report.HeldOut.Engine), (root.GetProperty("baselines").GetProperty("top_pairs"), report.HeldOut.TopPairs),
                     (root.GetProperty("baselines").GetProperty("rules_only"), report.HeldOut.RulesOnly) })
        {
            Assert.Equal(Math.Round(m.HitRate, 4), json.GetProperty("bundle_hit_rate").GetDouble());
            Assert.Equal(Math.Round(m.Precision, 4), json.GetProperty("bundle_precision").GetDouble());
            Assert.Equal(Math.Round(m.Coverage, 4), json.GetProperty("coverage").GetDouble());
            Assert.Equal(m.Bundles, json.GetProperty("bundles").GetInt32());
        }
        var sim = root.GetProperty("simulation");
        var expected = report.Simulation!;
        Assert.Equal(Math.Round(expected.OracleShare, 4), sim.GetProperty("oracle_share").GetDouble());
        foreach (var (json, p) in new[] { (sim.GetProperty("engine"), expected.Engine), (sim.GetProperty("oracle"), expected.Oracle),
                     (sim.GetProperty("baselines").GetProperty("fixed_discount"), expected.FixedDiscount) })
        {
            Assert.Equal(Math.Round(p.IncrementalProfit, 2), json.GetProperty("incremental_profit").GetDouble());
            Assert.Equal(p.Offers, json.GetProperty("offers").GetInt64());
            Assert.Equal(p.Accepted, json.GetProperty("accepted").GetInt64());
        }
        Assert.Equal(expected.LearnedFrom, sim.GetProperty("diagnostics").GetProperty("learned_from").GetInt32());
    }

    [Fact]
    public void Evaluate_BundleRanking_OnACrossCbrFixture()
    {
        var data = Path.Combine(_shop.Dir, "crosscbr");
        Directory.CreateDirectory(data);
        // Hand check: nobody took two bundles, so the ranker takes the middle candidate weight for every signal and
        // nothing is co-taken: items rank. Bundles 2 and 3 have no takers, so their popularity and links are imputed
        // from the bundle sharing an item (0 and 1), which ties them with the other taken bundle on popularity; user 0
        // (items 0,1, trained on bundle 0) then ranks bundle 2 = {1,2} first by overlap and content; user 1 (items 3,4,
        // trained on bundle 1) ranks bundle 3 = {4,5} first: Recall@1 = NDCG@1 = 1; popularity ranks bundles 0 and 1
        // (each user's own excluded) so it never finds them at k = 1.
        File.WriteAllText(Path.Combine(data, "bundle_item.txt"), "0 0\n0 1\n1 3\n1 4\n2 1\n2 2\n3 4\n3 5\n");
        File.WriteAllText(Path.Combine(data, "user_item.txt"), "0 0\n0 1\n1 3\n1 4\n2 5\n2 2\n");
        File.WriteAllText(Path.Combine(data, "user_bundle_train.txt"), "0 0\n1 1\n");
        File.WriteAllText(Path.Combine(data, "user_bundle_tune.txt"), "0 0\n"); // a train pair again: excluded either way
        File.WriteAllText(Path.Combine(data, "user_bundle_test.txt"), "0 2\n1 3\n");
        var model = Path.Combine(_shop.Dir, "cbr-model");
        var train = CliRunner.Run("train", "--data", data, "--format", "crosscbr", "--out", model, "--models", "bundle-ranker", "--threads", "1", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var r = CliRunner.Run("evaluate", "--model", model, "--data", data, "--format", "crosscbr", "--task", "bundle-ranking", "--bundle-k", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(1.0, r.Json.GetProperty("metrics").GetProperty("recall@1").GetDouble());
        Assert.Equal(1.0, r.Json.GetProperty("metrics").GetProperty("ndcg@1").GetDouble());
        Assert.Equal(0.0, r.Json.GetProperty("baselines").GetProperty("popularity").GetProperty("recall@1").GetDouble());
        Assert.True(r.Json.GetProperty("baselines").GetProperty("item_affinity").TryGetProperty("ndcg@2", out _));
        Assert.Equal("test", r.Json.GetProperty("split").GetString());
        // With a test split the ranker learned from tune too, so tune cannot judge it: the flag is named and the way out given.
        Assert.Equal("train+tune", train.Json.GetProperty("models").GetProperty("bundle-ranker").GetProperty("learned_from").GetString());
        var judgedOnTune = CliRunner.Run("evaluate", "--model", model, "--data", data, "--format", "crosscbr", "--task", "bundle-ranking", "--split", "tune");
        Assert.Equal(2, judgedOnTune.ExitCode);
        Assert.Contains("--split", judgedOnTune.Stderr);
        Assert.Contains("--ranker-learn-from train", judgedOnTune.Stderr);
        Assert.DoesNotContain("   at ", judgedOnTune.Stderr);
        // Without the test file the folder still loads, the ranker learns from train alone and the task judges tune;
        // --split test then names the flag.
        File.Delete(Path.Combine(data, "user_bundle_test.txt"));
        Directory.Delete(model, true);
        train = CliRunner.Run("train", "--data", data, "--format", "crosscbr", "--out", model, "--models", "bundle-ranker", "--threads", "1", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Equal("train", train.Json.GetProperty("models").GetProperty("bundle-ranker").GetProperty("learned_from").GetString());
        var tune = CliRunner.Run("evaluate", "--model", model, "--data", data, "--format", "crosscbr", "--task", "bundle-ranking", "--json");
        Assert.True(tune.ExitCode == 0, tune.Stderr);
        Assert.Equal("tune", tune.Json.GetProperty("split").GetString());
        var missing = CliRunner.Run("evaluate", "--model", model, "--data", data, "--format", "crosscbr", "--task", "bundle-ranking", "--split", "test");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--split", missing.Stderr);
        // An unknown validation objective is a user error naming the flag, before anything trains.
        var objective = CliRunner.Run("train", "--data", data, "--format", "crosscbr", "--out", model + "-x", "--models", "bundle-ranker", "--ranker-select-by", "precision");
        Assert.Equal(2, objective.ExitCode);
        Assert.Contains("--ranker-select-by", objective.Stderr);
        Assert.False(Directory.Exists(model + "-x"));
        // So is a CrossCBR setting that cannot train: the flag is named, nothing is written.
        foreach (var (flag, value) in new[] { ("--ranker-crosscbr-lr", "0"), ("--ranker-crosscbr-bundle-dropout", "1"), ("--ranker-crosscbr-layers", "0"), ("--ranker-crosscbr-schedule", "linear"), ("--ranker-learn-from", "tune") })
        {
            var bad = CliRunner.Run("train", "--data", data, "--format", "crosscbr", "--out", model + "-y", "--models", "bundle-ranker", "--ranker-crosscbr", flag, value);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains(flag, bad.Stderr);
            Assert.DoesNotContain("   at ", bad.Stderr);
            Assert.False(Directory.Exists(model + "-y"));
        }
    }
}
