using BundleForge.Artifacts;
using BundleForge.Bundles;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Core.Tests.Evaluation.Bundles;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Privacy;

namespace BundleForge.Core.Tests.Bundles.Engine;

/// <summary>The engine's request budget, its count limit and the strategy a model folder stores.</summary>
public class RequestBudgetTests
{
    [Fact]
    public void A_candidate_budget_searches_only_the_most_relevant_candidates_and_says_so()
    {
        var (_, data, engine) = ShopSimulatorTests.Shop(31, MarketStrategy.Default with { Exploration = false });
        var prices = UserPriceProfile.Build(data.Items);
        int cut = 0;
        for (int u = 0; u < 30; u++)
        {
            var user = UserContext.FromDataset(data, u, prices: prices);
            var full = engine.Recommend(user, 3);
            var budgeted = engine.Answer(user, 3, null, new RequestBudget { Candidates = 4 });
            if (budgeted.Degraded is null)
            {
                // Nothing cut: the same answer as without a budget.
                Assert.Equal(full.Select(o => string.Join('+', o.Bundle.Items)), budgeted.Offers.Select(o => string.Join('+', o.Bundle.Items)));
                continue;
            }
            cut++;
            Assert.Equal(["candidates"], budgeted.Degraded.Reasons);
            Assert.Contains("candidate budget 4", budgeted.Degraded.Detail);
            Assert.InRange(budgeted.Offers.SelectMany(o => o.Bundle.Items).Distinct().Count(), 0, 4);
        }
        Assert.True(cut > 20, $"{cut} of 30 requests were cut");
    }

    [Fact]
    public void A_spent_time_budget_stops_the_search_after_the_first_size_and_prices_only_n_bundles()
    {
        var (_, data, engine) = ShopSimulatorTests.Shop(32, MarketStrategy.Default with { Exploration = false, MaxBundleSize = 4 });
        var user = UserContext.FromDataset(data, 3, prices: UserPriceProfile.Build(data.Items));
        // A budget of one tick is spent before the first bundle is composed: every stage that can stop early does.
        var answer = engine.Answer(user, 2, null, new RequestBudget { Time = TimeSpan.FromTicks(1) });
        var d = Assert.IsType<Degradation>(answer.Degraded);
        Assert.Equal(["time"], d.Reasons);
        Assert.Contains("bundles of 2 items were searched, not up to 4", d.Detail);
        Assert.Matches(@"2 of \d+ composed bundles were priced", d.Detail);
        Assert.NotEmpty(answer.Offers);
        Assert.All(answer.Offers, o => Assert.Equal(2, o.Bundle.Items.Length));
        // A cut composition is not remembered as the request's composition.
        var cache = new CompositionCache(100);
        engine.Answer(user, 2, cache, new RequestBudget { Time = TimeSpan.FromTicks(1) });
        var full = engine.Answer(user, 2, cache, RequestBudget.None);
        Assert.Null(full.Degraded);
        Assert.Equal(0, cache.Hits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void The_engine_takes_at_most_the_strategy_limit_of_bundles(int count)
    {
        var (_, data, engine) = ShopSimulatorTests.Shop(33);
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Recommend(UserContext.Anonymous, count));
    }

    private static readonly Pseudonymizer Keys = new("request-budget-tests-secret"u8);

    private static (BundleForge.Data.Dataset Data, string Dir) Model(MarketStrategy strategy)
    {
        var (_, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 100, Items = 40, Orders = 800, Seed = 9 });
        var dir = Path.Combine(Fixture.TempDir(), "model");
        using var w = new ModelWriter(dir, data.Fingerprint, data.Format);
        CatalogComponent.Save(w, data.Items);
        // Saving does not check today's limits: this is what a model written before them holds.
        BundleModel.Build(data, data.Baskets, Keys, strategy).Save(w);
        w.Commit();
        return (data, dir);
    }

    [Fact]
    public void The_service_refuses_more_bundles_than_the_strategy_limit_and_repeated_items()
    {
        var (data, dir) = Model(MarketStrategy.Default);
        var reader = ModelReader.Open(dir);
        var service = new BundleService(CatalogComponent.Load(reader), BundleModel.Load(reader), Keys);
        var e = Assert.Throws<DataException>(() => service.Recommend(null, count: 11));
        Assert.Equal("n", e.Field);
        Assert.Contains("from 1 to 10, not 11", e.Message);
        var id = data.Items.Ids[0];
        var twice = Assert.Throws<DataException>(() => service.Price([id, " " + id]));
        Assert.Equal($"field 'items': item '{id}' is listed twice; a bundle's items must be distinct", twice.Message);
    }

    [Fact]
    public void A_stored_strategy_outside_the_limits_names_the_folder_and_the_field_and_can_be_replaced()
    {
        var (_, dir) = Model(MarketStrategy.Default with { DiscountStep = 0.001 });
        var e = Assert.Throws<DataException>(() => BundleModel.Load(ModelReader.Open(dir)));
        Assert.Equal(dir, e.File);
        Assert.Equal("discount_step", e.Field);
        Assert.Contains("301 price points per quote; at most 201 are allowed", e.Message);
        Assert.Contains("Retrain the model", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var replaced = BundleModel.Load(ModelReader.Open(dir), MarketStrategy.Default);
        Assert.Equal(MarketStrategy.Default.DiscountStep, replaced.Strategy.DiscountStep);
    }

    [Fact]
    public void A_stored_strategy_larger_than_the_file_limit_is_refused_by_its_size()
    {
        // 100,000 blocked ids of 100 characters: within the list limits, but a 10 MB file.
        var blocked = Enumerable.Range(0, 100_000).Select(k => k.ToString("D100", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (_, dir) = Model(MarketStrategy.Default with { BlockedItems = blocked });
        var e = Assert.Throws<DataException>(() => BundleModel.Load(ModelReader.Open(dir)));
        Assert.Equal(dir, e.File);
        Assert.Contains($"at most {MarketStrategy.MaxFileBytes:N0} are read", e.Message);
    }
}
