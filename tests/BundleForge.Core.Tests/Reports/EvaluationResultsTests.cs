using System.Text.Json.Nodes;
using BundleForge.Reports;

namespace BundleForge.Core.Tests.Reports;

public class EvaluationResultsTests : IDisposable
{
    private readonly string _dir = Fixture.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Results_are_read_by_name_and_compared_with_their_baselines()
    {
        Directory.CreateDirectory(Path.Combine(_dir, EvaluationResults.Folder));
        File.WriteAllText(Path.Combine(_dir, EvaluationResults.Folder, "backtest.json"), """
            {"metrics":{"bundle_hit_rate":0.25,"bundles":10},"baselines":{"top_pairs":{"bundle_hit_rate":0.2},"rules_only":{"bundle_hit_rate":0.1}},
             "simulation":{"engine":{"incremental_profit":40},"oracle":{"incremental_profit":100},"baselines":{"no_bundles":{"incremental_profit":0},"fixed_discount":{"incremental_profit":-3}}}}
            """);
        var (name, result) = Assert.Single(EvaluationResults.Load(_dir));
        Assert.Equal("backtest", name);
        var (metric, bars) = Assert.Single(EvaluationResults.Comparisons(result)); // "bundles" is a count, not a metric
        Assert.Equal("bundle_hit_rate", metric);
        Assert.Equal([("model", 0.25), ("top pairs", 0.2), ("rules only", 0.1)], bars);
        Assert.Equal([("engine", 40.0), ("no bundles", 0.0), ("fixed discount", -3.0), ("oracle", 100.0)], EvaluationResults.SimulatedProfit(result));
        Assert.Null(EvaluationResults.SimulatedProfit(new JsonObject()));

        // A newer backtest also holds the willingness-to-pay oracle and the "informed together" diagnostic.
        var newer = (JsonObject)JsonNode.Parse("""
            {"simulation":{"engine":{"incremental_profit":40},"oracle":{"incremental_profit":100},"wtp_oracle":{"incremental_profit":45},
             "baselines":{"fixed_discount":{"incremental_profit":5}},"diagnostics":{"informed_together":{"incremental_profit":43}}}}
            """)!;
        Assert.Equal([("engine", 40.0), ("fixed discount", 5.0), ("clairvoyant oracle", 100.0), ("willingness-to-pay oracle", 45.0), ("informed together (diagnostic)", 43.0)],
            EvaluationResults.SimulatedProfit(newer));
    }

    [Fact]
    public void A_saved_result_is_read_back_and_replaces_the_old_one_without_leaving_a_temporary_file()
    {
        EvaluationResults.Save(_dir, "next-basket", new JsonObject { ["metrics"] = new JsonObject { ["hr@10"] = 0.5 } });
        var path = EvaluationResults.Save(_dir, "next-basket", new JsonObject { ["metrics"] = new JsonObject { ["hr@10"] = 0.7 } });
        Assert.Equal(Path.Combine(_dir, EvaluationResults.Folder, "next-basket.json"), path);
        var (name, result) = Assert.Single(EvaluationResults.Load(_dir));
        Assert.Equal("next-basket", name);
        Assert.Equal(0.7, result["metrics"]!["hr@10"]!.GetValue<double>());
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, EvaluationResults.Folder)));
        Assert.Throws<DataException>(() => EvaluationResults.Save(_dir, "../escape", new JsonObject()));
        Assert.Throws<DataException>(() => EvaluationResults.Save(_dir, "", new JsonObject()));
    }

    [Fact]
    public void A_broken_result_file_is_a_data_error_naming_it_and_no_folder_is_no_results()
    {
        Assert.Empty(EvaluationResults.Load(_dir));
        Directory.CreateDirectory(Path.Combine(_dir, EvaluationResults.Folder));
        var file = Path.Combine(_dir, EvaluationResults.Folder, "broken.json");
        File.WriteAllText(file, "{ not json");
        var e = Assert.Throws<DataException>(() => EvaluationResults.Load(_dir));
        Assert.Equal(file, e.File);
    }
}
