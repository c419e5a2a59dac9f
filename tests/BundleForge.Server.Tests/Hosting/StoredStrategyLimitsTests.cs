using BundleForge.Bundles.Strategy;

namespace BundleForge.Server.Tests.Hosting;

/// <summary>A model folder trained before today's strategy limits can hold a strategy outside them. Serving it is one
/// line naming the model folder, the field and the limit, and what to do; <c>Bundles:Strategy</c> serves it with a
/// strategy within the limits instead.</summary>
public sealed class StoredStrategyLimitsTests
{
    /// <summary>A model whose stored strategy asks for 301 price points per quote (a 0.001 discount step up to 30 %), as models
    /// written before the limit could. Saving does not check the limits, so the folder is exactly such an old one.</summary>
    private static string OldModel() => TestData.WriteModel(bundles: true, strategy: MarketStrategy.Default with { DiscountStep = 0.001 });

    [Fact]
    public async Task Serving_it_is_one_line_naming_the_folder_the_field_the_limit_and_the_remedy()
    {
        var model = OldModel();
        var e = await Assert.ThrowsAsync<DataException>(() => TestHost.StartAsync(model));
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(model + ", field 'discount_step':", e.Message);
        Assert.Contains("301 price points per quote; at most 201 are allowed", e.Message);
        Assert.Contains("Retrain the model", e.Message);
        Assert.Contains("Bundles:Strategy=FILE", e.Message);
    }

    [Fact]
    public async Task A_strategy_file_within_the_limits_serves_it()
    {
        var model = OldModel();
        var file = Path.Combine(Path.GetDirectoryName(model)!, "strategy.json");
        File.WriteAllText(file, """{"discount_step": 0.05, "max_discount": 0.2}""");
        await using var h = await TestHost.StartAsync(model, realSocket: false, $"--Bundles:Strategy={file}");
        var answer = await h.GetJson("/v1/users/user-0/bundles?n=3");
        foreach (var b in answer.GetProperty("bundles").EnumerateArray())
            Assert.InRange(b.GetProperty("discount_percent").GetDouble(), 0, 20.5);
    }

    [Fact]
    public async Task A_strategy_file_outside_the_limits_stops_the_start_naming_the_key()
    {
        var file = Path.Combine(TestData.TempDir(), "strategy.json");
        File.WriteAllText(file, """{"discount_step": 0.00001}""");
        var e = await Assert.ThrowsAsync<DataException>(() => TestHost.StartAsync(TestData.WriteModel(bundles: true), realSocket: false, $"--Bundles:Strategy={file}"));
        Assert.Contains("Configuration Bundles:Strategy", e.Message);
        Assert.Contains("discount_step", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
