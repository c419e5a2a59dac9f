using BundleForge.Bundles;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Explanation;
using BundleForge.Bundles.Strategy;
using BundleForge.Core.Tests.Evaluation.Bundles;
using BundleForge.Data;

namespace BundleForge.Core.Tests.Bundles.Explanation;

public class CurrencyTests
{
    [Fact]
    public void MoneyFormat_WritesSymbolsCodesOrNothing()
    {
        Assert.Equal("£12.50", MoneyFormat.Of(12.5, "£"));
        Assert.Equal("CHF 12.50", MoneyFormat.Of(12.5, "CHF"));
        Assert.Equal("12.50", MoneyFormat.Of(12.5, ""));
        Assert.Equal("12.50", MoneyFormat.Of(12.5, null));
        Assert.Equal("−£3.00", MoneyFormat.Of(-3, "£"));
        Assert.Equal("£", MoneyFormat.CurrencyOfFormat("online-retail"));
        Assert.Null(MoneyFormat.CurrencyOfFormat("canonical"));
    }

    [Fact]
    public void Strategy_ReadsCurrency_AndRejectsNonsense()
    {
        Assert.Equal("£", MarketStrategy.Parse("""{"currency": "£"}""").Currency);
        Assert.Null(MarketStrategy.Parse("""{"currency": null}""").Currency);
        Assert.Null(MarketStrategy.Parse("{}").Currency);
        var s = MarketStrategy.Parse("""{"currency": "EUR"}""");
        Assert.Equal("EUR", MarketStrategy.Parse(s.ToJson()).Currency);
        var e = Assert.Throws<DataException>(() => MarketStrategy.Parse("""{"currency": 5}"""));
        Assert.Equal("currency", e.Field);
        Assert.Throws<DataException>(() => MarketStrategy.Parse("""{"currency": "12"}"""));
        Assert.Throws<DataException>(() => MarketStrategy.Parse("""{"currency": ""}"""));
    }

    private static Dataset As(Dataset d, string format) => new()
    {
        Items = d.Items,
        Users = d.Users,
        Interactions = d.Interactions,
        Baskets = d.Baskets,
        Report = d.Report,
        Format = format,
        HasRealTime = d.HasRealTime,
    };

    private static string PriceText(BundleEngine engine, Dataset data)
    {
        var prices = UserPriceProfile.Build(data.Items);
        for (int u = 0; u < 200; u++)
        {
            if (data.Sequences.LengthOf(u) < 3)
                continue;
            foreach (var o in engine.Recommend(UserContext.FromDataset(data, u, prices: prices)))
                return o.Explanation.Reasons.Single(r => r.Kind == "price").Text;
        }
        throw new InvalidOperationException("no offer");
    }

    [Fact]
    public void Explanations_UseTheStrategyCurrency_ElseTheCatalogs_ElseNone()
    {
        var (_, data, _) = ShopSimulatorTests.Shop(8);
        var keys = new BundleForge.Privacy.Pseudonymizer(new byte[32]);
        var strategy = new MarketStrategy { Exploration = false };

        // Generated data: no known currency, so amounts are bare numbers.
        var plain = BundleModel.Build(data, data.Baskets, keys, strategy);
        Assert.Null(plain.Currency);
        string none = PriceText(new BundleEngineFactory(data.Items, plain).Create(), data);
        Assert.Matches(@"^price \d+\.\d\d instead of \d+\.\d\d", none);
        Assert.DoesNotContain("€", none);

        // Online Retail is in pounds: the catalog's currency is the default.
        var retail = BundleModel.Build(As(data, "online-retail"), data.Baskets, keys, strategy);
        Assert.Equal("£", retail.Currency);
        string pounds = PriceText(new BundleEngineFactory(data.Items, retail).Create(), data);
        Assert.Matches(@"^price £\d+\.\d\d instead of £\d+\.\d\d \(.*\): expected profit £", pounds);
        Assert.DoesNotContain("€", pounds);

        // The strategy's currency wins.
        string euros = PriceText(new BundleEngineFactory(data.Items, retail).Create(strategy with { Currency = "EUR" }), data);
        Assert.Contains("expected profit EUR ", euros);
        Assert.DoesNotContain("£", euros);
    }
}
