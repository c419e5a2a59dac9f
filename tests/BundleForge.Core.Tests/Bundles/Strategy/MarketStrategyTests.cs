using BundleForge.Bundles.Strategy;

namespace BundleForge.Core.Tests.Bundles.Strategy;

public class MarketStrategyTests
{
    [Fact]
    public void EmptyObject_GivesTheDefaults()
    {
        var s = MarketStrategy.Parse("{}");
        Assert.Equal(MarketStrategy.Default, s);
        Assert.Equal(0.15, s.MarginFloor);
        Assert.Equal(0.30, s.MaxDiscount);
        Assert.Equal(3, s.BundlesPerRequest);
        Assert.Equal(0.05, s.MinDiscount);
        Assert.Equal(0, s.MinExpectedProfit);
        Assert.False(s.QuantityBundles);
        Assert.Equal(24, s.ExplorationPeriodHours);
    }

    [Fact]
    public void FullDocument_ParsesEveryField_AndRoundTrips()
    {
        const string json = """
        {
          "margin_floor": 0.2, "max_discount": 0.25, "discount_step": 0, "price_ending": 0.95,
          "bundle_size": {"min": 2, "max": 4}, "bundles_per_request": 5,
          "stock": {"min_units": 3, "overstock_units": 400, "overstock_extra_discount": 0.1},
          "categories": {"one_per_category": false, "level": 2, "forbidden_pairs": [["Food", "Cleaning"]], "allowed_pairs": [["Home", "Kitchen"]]},
          "boosts": {"items": {"P1": 1.5}, "categories": {"Kitchen": 1.2}},
          "blocks": {"items": ["P9"], "categories": ["Gift cards"]},
          "exploration": false, "exploration_period_hours": 6,
          "min_discount": 0.1, "min_expected_profit": 0.75, "quantity_bundles": true
        }
        """;
        var s = MarketStrategy.Parse(json);
        Assert.Equal(0.2, s.MarginFloor);
        Assert.Equal(0, s.DiscountStep);
        Assert.Equal(0.95, s.PriceEnding);
        Assert.Equal(4, s.MaxBundleSize);
        Assert.Equal(400, s.OverstockUnits);
        Assert.Equal(0.35, s.MaxDiscountFor(hasOverstockedItem: true), 9);
        Assert.Equal(0.25, s.MaxDiscountFor(hasOverstockedItem: false), 9);
        Assert.False(s.OnePerCategory);
        Assert.Equal(("Food", "Cleaning"), s.ForbiddenCategoryPairs[0]);
        Assert.Equal(1.5, s.ItemBoosts["P1"]);
        Assert.Equal(["Gift cards"], s.BlockedCategories);
        Assert.False(s.Exploration);
        Assert.Equal(6, s.ExplorationPeriodHours);
        Assert.Equal(0.1, s.MinDiscount);
        Assert.Equal(0.75, s.MinExpectedProfit);
        Assert.True(s.QuantityBundles);

        var again = MarketStrategy.Parse(s.ToJson());
        Assert.Equal(s.ToJson(), again.ToJson());
    }

    [Theory]
    [InlineData("""{"max_discount": "lots"}""", "max_discount")]
    [InlineData("""{"max_discount": 1.5}""", "max_discount")]
    [InlineData("""{"margin_floor": -0.1}""", "margin_floor")]
    [InlineData("""{"margin_flor": 0.1}""", "margin_flor")]
    [InlineData("""{"bundle_size": {"min": 4, "max": 2}}""", "bundle_size.min")]
    [InlineData("""{"bundle_size": {"max": 1}}""", "bundle_size.max")]
    [InlineData("""{"bundle_size": 3}""", "bundle_size")]
    [InlineData("""{"stock": {"min_units": -1}}""", "stock.min_units")]
    [InlineData("""{"stock": {"overstock": 5}}""", "stock.overstock")]
    [InlineData("""{"categories": {"forbidden_pairs": [["A", "B", "C"]]}}""", "categories.forbidden_pairs[0]")]
    [InlineData("""{"categories": {"allowed_pairs": [["A", 3]]}}""", "categories.allowed_pairs[0][1]")]
    [InlineData("""{"boosts": {"items": {"P1": "x"}}}""", "boosts.items.P1")]
    [InlineData("""{"blocks": {"items": "P1"}}""", "blocks.items")]
    [InlineData("""{"bundles_per_request": 2.5}""", "bundles_per_request")]
    [InlineData("""{"exploration": "yes"}""", "exploration")]
    [InlineData("""{"discount_step": 0.2, "max_discount": 0.1}""", "discount_step")]
    [InlineData("""[1, 2]""", "$")]
    [InlineData("""{"min_discount": -0.01}""", "min_discount")]
    [InlineData("""{"min_discount": 0.96}""", "min_discount")]
    [InlineData("""{"min_discount": 0.4, "max_discount": 0.3}""", "min_discount")]
    [InlineData("""{"max_discount": 0}""", "min_discount")]
    [InlineData("""{"min_expected_profit": -1}""", "min_expected_profit")]
    [InlineData("""{"min_expected_profit": 1e400}""", "min_expected_profit")]
    [InlineData("""{"min_expected_profit": "1"}""", "min_expected_profit")]
    [InlineData("""{"quantity_bundles": 1}""", "quantity_bundles")]
    [InlineData("""{"exploration_period_hours": 0}""", "exploration_period_hours")]
    [InlineData("""{"exploration_period_hours": 1.5}""", "exploration_period_hours")]
    [InlineData("""{"exploration_period_hours": 8761}""", "exploration_period_hours")]
    public void InvalidValues_NameTheField(string json, string field)
    {
        var e = Assert.Throws<DataException>(() => MarketStrategy.Parse(json, "strategy.json"));
        Assert.Equal(field, e.Field);
        Assert.Contains($"field '{field}'", e.Message);
        Assert.Contains("strategy.json", e.Message);
    }

    [Fact]
    public void BrokenJson_IsAUserErrorWithALine()
    {
        var e = Assert.Throws<DataException>(() => MarketStrategy.Parse("{\n  \"margin_floor\": 0.1,\n  oops\n}", "s.json"));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void MissingFile_IsAUserError()
    {
        var e = Assert.Throws<DataException>(() => MarketStrategy.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json")));
        Assert.Contains("cannot read", e.Message);
    }
}
