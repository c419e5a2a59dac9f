using System.Diagnostics;
using System.Text;
using BundleForge.Bundles;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Core.Tests.Bundles.Strategy;

/// <summary>Every strategy field has a limit that bounds the work it causes (docs/STRATEGY.md, "Limits"); a strategy
/// beyond them is refused when it is read, in time linear in its size, with one line naming the field.</summary>
public class StrategyLimitsTests
{
    private static DataException Refused(string json, string field)
    {
        var e = Assert.Throws<DataException>(() => MarketStrategy.Parse(json, "strategy.json"));
        Assert.Equal(field, e.Field);
        Assert.Contains("strategy.json", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void TinyDiscountStep_IsRefused_NamingTheField()
    {
        // Issue 20: this step passed validation and the pricer then built 3·10⁸ price points per quote.
        var e = Refused("""{"discount_step": 1e-9}""", "discount_step");
        Assert.Contains("0.001", e.Message);
    }

    [Theory]
    [InlineData(0.95, 0.004, 0.0, false)] // 237 steps
    [InlineData(0.6, 0.003, 0.0, true)]   // exactly 200 steps
    [InlineData(0.6, 0.003, 0.1, false)]  // the overstock allowance makes it 233
    [InlineData(0.95, 0.0, 0.5, true)]    // continuous: the 0.5% grid gives 190 steps at most
    [InlineData(0.2, 0.001, 0.0, true)]
    [InlineData(0.3, 0.001, 0.0, false)]
    public void PriceGrid_IsBounded_CountingTheOverstockAllowance(double max, double step, double extra, bool accepted)
    {
        var json = $$$"""{"max_discount": {{{max}}}, "discount_step": {{{step}}}, "stock": {"overstock_extra_discount": {{{extra}}}}}""";
        if (!accepted)
        {
            var e = Refused(json, "discount_step");
            Assert.Contains("price points per quote", e.Message);
            return;
        }
        var s = MarketStrategy.Parse(json);
        Assert.InRange(s.PriceSteps(hasOverstockedItem: true), 0, MarketStrategy.MaxPriceSteps);
        // The pricer evaluates at most steps + 1 points, however the bundle is priced.
        var catalog = BundleTestData.Catalog([40f, 60f], [5f, 5f]);
        var pricer = new BundlePricer(catalog, s with { MarginFloor = 0, PriceEnding = null }, new AcceptanceModel());
        var quote = pricer.Quote(BundleTestData.Bundle(catalog, [0, 1], overstock: true), new UserContext());
        Assert.InRange(quote.Curve.Count, 1, MarketStrategy.MaxPriceSteps + 1);
    }

    [Fact]
    public void StrategyBuiltInCode_WithAHugeGrid_IsRefusedByThePricer()
    {
        var catalog = BundleTestData.Catalog([40f, 60f], [5f, 5f]);
        var e = Assert.Throws<DataException>(() => new BundlePricer(catalog, new MarketStrategy { DiscountStep = 1e-9 }, new AcceptanceModel()));
        Assert.Equal("discount_step", e.Field);
    }

    [Theory]
    [InlineData("{\"margin_floor\": 0.1,\n \"margin_floor\": 0.2}", "margin_floor", 2)]
    [InlineData("""{"boosts": {"items": {"P1": 1.5, "P2": 2, "P1": 3}}}""", "boosts.items.P1", 1)]
    [InlineData("""{"categories": {"forbidden_pairs": [["A", "B"], {"x": 1, "x": 2}]}}""", "categories.forbidden_pairs[1].x", 1)]
    [InlineData("""{"stock": {"min_units": 1}, "stock": {"min_units": 2}}""", "stock", 1)]
    [InlineData("""{"margin_floor": 0.1, "margin\u005ffloor": 0.2}""", "margin_floor", 1)] // the same key, escaped
    public void DuplicateKeys_AreRefused_NamingTheKeyAndLine(string json, string field, int line)
    {
        var e = Refused(json, field);
        Assert.Equal(line, e.Line);
        Assert.Contains("twice", e.Message);
    }

    [Fact]
    public void HundredThousandForbiddenPairs_AreRefusedAtOnce()
    {
        // Issue 20: these took over 30 s to be refused (a list search per pair in the composer).
        var json = "{\"categories\": {\"forbidden_pairs\": [" +
                   string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"[\"A{i}\", \"B{i}\"]")) + "]}}";
        var sw = Stopwatch.StartNew();
        var e = Refused(json, "categories.forbidden_pairs");
        Assert.Contains("at most 256", e.Message);
        // Linear: a fraction of a second for 2.4 MB; the bound leaves room for a loaded CI machine.
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    [Fact]
    public void StrategyBuiltInCode_WithHundredThousandPairs_IsRefusedByTheComposerInLinearTime()
    {
        var strategy = new MarketStrategy { ForbiddenCategoryPairs = Enumerable.Range(0, 100_000).Select(i => ($"A{i}", $"B{i}")).ToArray() };
        var catalog = BundleTestData.Catalog([40f, 60f], [5f, 5f]);
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<DataException>(() => new BundleComposer(catalog, new NoPairs(), strategy));
        Assert.Equal("categories", e.Field);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    private sealed class NoPairs : BundleForge.Bundles.Candidates.IPairScorer
    {
        public BundleForge.Bundles.Candidates.PairEvidence Score(int a, int b) => default;
    }

    [Fact]
    public void MoreThan64PairCategories_AreRefusedWhenRead()
    {
        // 33 pairs of fresh names: the 65th distinct name sits in pair 32.
        var pairs = string.Join(",", Enumerable.Range(0, 33).Select(i => $"[\"C{2 * i}\", \"C{2 * i + 1}\"]"));
        Refused($$$"""{"categories": {"forbidden_pairs": [{{{pairs}}}]}}""", "categories.forbidden_pairs[32]");
        // Names shared between the two lists count once.
        var shared = string.Join(",", Enumerable.Range(0, 32).Select(i => $"[\"C{2 * i}\", \"C{2 * i + 1}\"]"));
        MarketStrategy.Parse($$$"""{"categories": {"forbidden_pairs": [{{{shared}}}], "allowed_pairs": [{{{shared}}}]}}""");
    }

    [Theory]
    [InlineData("blocks.items", 100_001)]
    [InlineData("blocks.categories", 257)]
    public void OversizedLists_AreRefused(string field, int count)
    {
        var (section, key) = (field.Split('.')[0], field.Split('.')[1]);
        var list = string.Join(",", Enumerable.Range(0, count).Select(i => $"\"X{i}\""));
        Refused($$$"""{"{{{section}}}": {"{{{key}}}": [{{{list}}}]}}""", field);
        var fits = string.Join(",", Enumerable.Range(0, count - 1).Select(i => $"\"X{i}\""));
        MarketStrategy.Parse($$$"""{"{{{section}}}": {"{{{key}}}": [{{{fits}}}]}}""");
    }

    [Theory]
    [InlineData("boosts.items", 100_001)]
    [InlineData("boosts.categories", 257)]
    public void OversizedBoosts_AreRefused(string field, int count)
    {
        var (section, key) = (field.Split('.')[0], field.Split('.')[1]);
        var map = string.Join(",", Enumerable.Range(0, count).Select(i => $"\"X{i}\": 1.5"));
        Refused("{\"" + section + "\": {\"" + key + "\": {" + map + "}}}", field);
    }

    [Fact]
    public void OverlongNames_AreRefused()
    {
        var name = new string('x', MarketStrategy.MaxNameLength + 1);
        Refused($$$"""{"blocks": {"categories": ["{{{name}}}"]}}""", "blocks.categories[0]");
        Refused($$$"""{"categories": {"allowed_pairs": [["A", "{{{name}}}"]]}}""", "categories.allowed_pairs[0][1]");
        var e = Refused("{\"boosts\": {\"items\": {\"" + name + "\": 2}}}", "boosts.items." + name[..(80 - "boosts.items.".Length)] + "…");
        Assert.True(e.Message.Length < 400, "the error repeats the whole name");
    }

    [Fact]
    public void BundlesPerRequest_IsBounded()
    {
        Refused("""{"bundles_per_request": 11}""", "bundles_per_request");
        Assert.Equal(10, MarketStrategy.Parse("""{"bundles_per_request": 10}""").BundlesPerRequest);
    }

    [Theory]
    [InlineData("""{"margin_floor": 1e400}""", "margin_floor")]
    [InlineData("""{"margin_floor": -1e400}""", "margin_floor")]
    [InlineData("""{"bundles_per_request": 1e400}""", "bundles_per_request")]
    [InlineData("""{"stock": {"min_units": 3000000000}}""", "stock.min_units")]
    [InlineData("""{"max_discount": "NaN"}""", "max_discount")]
    [InlineData("""{"discount_step": "Infinity"}""", "discount_step")]
    [InlineData("""{"boosts": {"categories": {"A": 1e400}}}""", "boosts.categories.A")]
    public void NumbersBeyondRange_OrSpelledAsStrings_AreRefused(string json, string field) => Refused(json, field);

    [Fact]
    public void DeepNesting_IsAUserError()
    {
        var e = Assert.Throws<DataException>(() => MarketStrategy.Parse("{\"boosts\": " + new string('[', 100_000) + new string(']', 100_000) + "}", "s.json"));
        Assert.Contains("not valid JSON", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ControlCharactersInKeysAndValues_KeepTheErrorOnOneLine()
    {
        Assert.DoesNotContain('\n', Assert.Throws<DataException>(() => MarketStrategy.Parse("{\"margin\\nfloor\": 0.1}")).Message);
        Assert.DoesNotContain('\n', Assert.Throws<DataException>(() => MarketStrategy.Parse("{\"margin_floor\": \"a\\nb\"}")).Message);
        Assert.DoesNotContain('\n', Assert.Throws<DataException>(() => MarketStrategy.Parse("{\"currency\": \"\\n\\n\\n\\n\\n\\n\"}")).Message);
        var longValue = new string('9', 100_000);
        Assert.True(Assert.Throws<DataException>(() => MarketStrategy.Parse($"{{\"margin_floor\": {longValue}}}")).Message.Length < 400);
    }

    [Theory]
    [InlineData("""{"currency": "\uD800"}""", "currency")]
    [InlineData("""{"blocks": {"items": ["ok", "\uDC00x"]}}""", "blocks.items")]
    [InlineData("""{"boosts": {"items": {"\uD800": 1}}}""", "boosts.items")]
    [InlineData("""{"\uD800": 1}""", null)]
    public void LoneSurrogateEscapes_AreAUserError(string json, string? field)
    {
        // Valid JSON, but no .NET string: System.Text.Json threw InvalidOperationException (an internal error).
        var e = Assert.Throws<DataException>(() => MarketStrategy.Parse(json, "s.json"));
        Assert.Equal(field, e.Field);
        Assert.Equal(1, e.Line);
        Assert.Contains("surrogate", e.Message);
    }

    [Fact]
    public void HugeFile_IsRefusedBeforeItIsRead()
    {
        var dir = Fixture.TempDir();
        try
        {
            var path = Path.Combine(dir, "big.json");
            // Valid JSON (an empty object and blanks), only too big.
            using (var f = File.Create(path))
            {
                f.Write("{"u8);
                var blanks = Encoding.ASCII.GetBytes(new string(' ', 1 << 20));
                for (int i = 0; i < 9; i++)
                    f.Write(blanks);
                f.Write("}"u8);
            }
            var e = Assert.Throws<DataException>(() => MarketStrategy.Load(path));
            Assert.Contains("at most", e.Message);
            Assert.Contains("big.json", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
