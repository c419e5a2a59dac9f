using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Server.Tests.Api;

/// <summary>The currency of every amount, over HTTP against the real server: the bundle answers carry a
/// <c>currency</c> field and the dashboard writes it with every amount; and a strategy that allows one price draws no
/// profit curve and says so.</summary>
public class BundleCurrencyTests
{
    private const string Key = "dashboard-key-for-tests-0123456789";

    /// <summary>The test shop's baseline and bundle engine under <paramref name="strategy"/>, letting in what the shop
    /// has (no stock count; co-purchased items that share a category).</summary>
    private static string Model(MarketStrategy strategy)
    {
        var dir = Path.Combine(TestData.TempDir(), "model");
        var data = TestData.Dataset();
        using var writer = new ModelWriter(dir, data.Fingerprint, data.Format);
        BaselineModel.Build(data, TestData.Pseudonymizer, TestData.Options).Save(writer, TestData.Options, TestData.Pseudonymizer);
        CatalogComponent.Save(writer, data.Items);
        BundleModel.Build(data, data.Baskets, TestData.Pseudonymizer, strategy with { MinStockUnits = 0, OnePerCategory = false }).Save(writer);
        writer.Commit();
        return dir;
    }

    private static async Task<string> Page(TestHost h, string path)
    {
        var m = new HttpRequestMessage(HttpMethod.Get, path);
        m.Headers.Add("X-Dashboard-Key", Key);
        var r = await h.Client.SendAsync(m);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    private static string BundlesSection(string html)
    {
        int start = html.IndexOf("<section id=\"bundles\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no bundles section");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData(null, "EUR", "€")]
    [InlineData("CHF", "CHF", "CHF ")]
    public async Task Bundle_answers_and_dashboard_pages_carry_the_currency(string? currency, string code, string written)
    {
        await using var h = await TestHost.StartAsync(Model(new MarketStrategy { Exploration = false, Currency = currency }), false, $"--Dashboard:ApiKey={Key}");

        using var bundles = JsonDocument.Parse(await h.Client.GetStringAsync("/v1/users/user-3/bundles?n=3"));
        Assert.Equal(code, bundles.RootElement.GetProperty("currency").GetString());
        var offers = bundles.RootElement.GetProperty("bundles");
        Assert.True(offers.GetArrayLength() > 0, "no bundle for user-3");
        foreach (var b in offers.EnumerateArray())
            Assert.Contains("expected profit " + written, b.GetProperty("explanation").GetString());

        var post = await h.Client.PostAsJsonAsync("/v1/bundles/price", new { user_id = "user-3", items = new[] { "I00", "I05" } });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        using var price = JsonDocument.Parse(await post.Content.ReadAsStringAsync());
        Assert.Equal(code, price.RootElement.GetProperty("currency").GetString());

        var customer = BundlesSection(await Page(h, "/users?id=user-3"));
        Assert.Contains("<span class=\"price\">" + written, customer);
        Assert.Contains("<span class=\"list-price\">" + written, customer);
        Assert.Contains("expected profit " + written, customer);
        var item = await Page(h, "/items/I01");
        Assert.Contains($"<div class=\"v\">{(code == "EUR" ? "€" : "CHF ")}2.00</div>", item);
    }

    [Fact]
    public async Task One_allowed_price_draws_no_curve_and_the_card_says_so()
    {
        await using var one = await TestHost.StartAsync(Model(new MarketStrategy { Exploration = false, MaxDiscount = 0, MinDiscount = 0, PriceEnding = null }), false, $"--Dashboard:ApiKey={Key}");
        var cards = BundlesSection(await Page(one, "/users?id=user-3"));
        Assert.Contains("class=\"bundle\"", cards);
        Assert.Contains("the only price the strategy allows", cards);
        Assert.DoesNotContain("<svg", cards);

        await using var several = await TestHost.StartAsync(Model(new MarketStrategy { Exploration = false }), false, $"--Dashboard:ApiKey={Key}");
        cards = BundlesSection(await Page(several, "/users?id=user-3"));
        Assert.Contains("<svg", cards);
        Assert.Contains("class=\"chosen\"", cards);
    }
}
