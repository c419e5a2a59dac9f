using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Mining;

namespace BundleForge.Server.Tests.Components;

public class RulesComponentTests
{
    /// <summary>A model folder with the baseline and the mined rules component, as <c>train</c> writes both.</summary>
    private static string WriteModelWithRules()
    {
        var dir = Path.Combine(TestData.TempDir(), "model");
        var data = TestData.Dataset();
        using var writer = new ModelWriter(dir, data.Fingerprint, data.Format);
        BaselineModel.Build(data, TestData.Pseudonymizer, TestData.Options).Save(writer, TestData.Options, TestData.Pseudonymizer);
        RulesModel.Train(data.Baskets, data.Items.Ids, new RulesTrainingOptions { MinCount = 2, MaxDegreeOfParallelism = 1 }).Save(writer);
        writer.Commit();
        return dir;
    }

    [Fact]
    public async Task Rules_component_serves_fbt_when_the_model_has_it()
    {
        await using var h = await TestHost.StartAsync(WriteModelWithRules());
        var health = await h.GetJson("/health");
        Assert.Equal(new[] { "baseline", "rules" }, health.GetProperty("components").EnumerateArray().Select(c => c.GetString()!).ToArray());
        var strict = await h.GetJson("/v1/items/I00/frequently-bought-together?mode=strict&k=3");
        Assert.Equal("I01", TestHost.ItemIds(strict)[0]);
        Assert.Equal(30, strict.GetProperty("items")[0].GetProperty("co_purchases").GetInt32());
        // The rules component's own fallback labels show it, not the baseline, answered.
        var relaxed = await h.GetJson("/v1/items/I19/frequently-bought-together?mode=relaxed&k=3");
        Assert.Equal("fallback-category", relaxed.GetProperty("items")[0].GetProperty("source").GetString());
        // Recommendations still come from the baseline.
        Assert.Equal("I03", TestHost.ItemIds(await h.GetJson("/v1/users/loner/recommendations"))[0]);
    }
}
