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
    public void MoneyFormat_WritesSymbolsForUnambiguousCodes_AndTheCodeOtherwise()
    {
        Assert.Equal("£12.50", MoneyFormat.Of(12.5, "GBP"));
        Assert.Equal("€12.50", MoneyFormat.Of(12.5, "EUR"));
        Assert.Equal("$12.50", MoneyFormat.Of(12.5, "USD"));
        Assert.Equal("CHF 12.50", MoneyFormat.Of(12.5, "CHF"));
        Assert.Equal("−£3.00", MoneyFormat.Of(-3, "GBP"));
        Assert.Equal("£0.00", MoneyFormat.Of(-0.001, "GBP"));
        Assert.Equal("12.50", MoneyFormat.Of(12.5, null));
        Assert.Equal("expected profit (GBP)", MoneyFormat.Titled("expected profit", "GBP"));
    }

    [Fact]
    public void CurrencyCodes_AreIso4217_WithTheCatalogsAndTheDocumentedDefault()
    {
        Assert.Equal("GBP", CurrencyCode.Parse("gbp"));
        Assert.Equal("GBP", CurrencyCode.Parse(" £ "));
        Assert.Equal("EUR", CurrencyCode.Parse("€"));
        Assert.Null(CurrencyCode.Parse("$"));
        Assert.Null(CurrencyCode.Parse("EURO"));
        Assert.Null(CurrencyCode.Parse("XYZ"));
        Assert.Null(CurrencyCode.Parse(""));
        Assert.Equal("GBP", CurrencyCode.OfFormat("online-retail"));
        Assert.Null(CurrencyCode.OfFormat("canonical"));
        Assert.Equal("EUR", CurrencyCode.Default);
        Assert.Equal("EUR", CurrencyCode.Resolve(null, null));
        Assert.Equal("GBP", CurrencyCode.Resolve(null, "GBP"));
        Assert.Equal("CHF", CurrencyCode.Resolve("CHF", "GBP"));
        Assert.Equal("currency", Assert.Throws<DataException>(() => CurrencyCode.Resolve("pounds", "GBP")).Field);
    }

    [Fact]
    public void Strategy_ReadsAnIsoCode_AndRejectsNonsense()
    {
        Assert.Equal("GBP", MarketStrategy.Parse("""{"currency": "GBP"}""").Currency);
        Assert.Equal("GBP", MarketStrategy.Parse("""{"currency": "gbp"}""").Currency);
        Assert.Equal("GBP", MarketStrategy.Parse("""{"currency": "£"}""").Currency);
        Assert.Null(MarketStrategy.Parse("""{"currency": null}""").Currency);
        Assert.Null(MarketStrategy.Parse("{}").Currency);
        var s = MarketStrategy.Parse("""{"currency": "EUR"}""");
        Assert.Equal("EUR", MarketStrategy.Parse(s.ToJson()).Currency);
        foreach (var bad in new[] { "5", "\"12\"", "\"\"", "\"$\"", "\"EURO\"", "\"XYZ\"" })
        {
            var e = Assert.Throws<DataException>(() => MarketStrategy.Parse($$"""{"currency": {{bad}}}"""));
            Assert.Equal("currency", e.Field);
            Assert.Contains("ISO 4217", e.Message);
        }
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
    public void Explanations_UseTheStrategyCurrency_ElseTheCatalogs_ElseTheDefault()
    {
        var (_, data, _) = ShopSimulatorTests.Shop(8);
        var keys = new BundleForge.Privacy.Pseudonymizer(new byte[32]);
        var strategy = new MarketStrategy { Exploration = false };

        // Generated data: no currency of its own, so the documented default.
        var plain = BundleModel.Build(data, data.Baskets, keys, strategy);
        Assert.Null(plain.Currency);
        var engine = new BundleEngineFactory(data.Items, plain).Create();
        Assert.Equal("EUR", engine.Currency);
        Assert.Matches(@"^price €\d+\.\d\d(, the list price| instead of €\d+\.\d\d \(−[\d.]+%)", PriceText(engine, data));

        // Online Retail is in pounds: the catalog's currency is the default.
        var retail = BundleModel.Build(As(data, "online-retail"), data.Baskets, keys, strategy);
        Assert.Equal("GBP", retail.Currency);
        string pounds = PriceText(new BundleEngineFactory(data.Items, retail).Create(), data);
        Assert.Matches(@"^price £\d+\.\d\d.*: expected profit £", pounds);
        Assert.DoesNotContain("€", pounds);

        // The strategy's currency wins.
        string francs = PriceText(new BundleEngineFactory(data.Items, retail).Create(strategy with { Currency = "CHF" }), data);
        Assert.Contains("expected profit CHF ", francs);
        Assert.DoesNotContain("£", francs);
    }
}
