using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BundleForge.Artifacts;
using BundleForge.Bundles;
using BundleForge.Server.Baseline;

namespace BundleForge.Server.Tests.Components;

public class BundlesComponentTests
{
    /// <summary>A model folder with the baseline, the catalog and the bundle engine, as <c>train</c> writes them.</summary>
    private static string WriteModelWithBundles()
    {
        var dir = Path.Combine(TestData.TempDir(), "model");
        var shared = TestData.Dataset();
        // The shared test catalog has zero stock, which the default strategy never bundles: give it stock.
        var i = shared.Items;
        var stocked = new BundleForge.Data.ItemCatalog(i.Ids, i.Titles, i.Categories, i.Brands, i.Price, i.Cost, Enumerable.Repeat(100, i.Count).ToArray(), i.CostAssumed);
        var data = new BundleForge.Data.Dataset
        {
            Items = stocked, Users = shared.Users, Interactions = shared.Interactions, Baskets = shared.Baskets,
            Report = shared.Report, Format = shared.Format, HasRealTime = shared.HasRealTime,
        };
        using var writer = new ModelWriter(dir, data.Fingerprint, data.Format);
        BaselineModel.Build(data, TestData.Pseudonymizer, TestData.Options).Save(writer, TestData.Options, TestData.Pseudonymizer);
        CatalogComponent.Save(writer, data.Items);
        BundleModel.Build(data, data.Baskets, TestData.Pseudonymizer).Save(writer);
        writer.Commit();
        return dir;
    }

    [Fact]
    public async Task Bundle_endpoints_answer_with_priced_bundles_once_the_model_has_the_engine()
    {
        await using var h = await TestHost.StartAsync(WriteModelWithBundles());
        var health = await h.GetJson("/health");
        Assert.Contains("bundles", health.GetProperty("components").EnumerateArray().Select(c => c.GetString()!));

        var offers = await h.GetJson("/v1/items/I00/frequently-bought-together?k=1"); // warm-up: the model is served
        Assert.Equal(JsonValueKind.Object, offers.ValueKind);
        // Offered bundles are never priced above list; a pair that sells anyway may rightly get no bundle at all.
        var bundles = (await h.GetJson("/v1/users/user-3/bundles?item=I10&n=2")).GetProperty("bundles");
        foreach (var b in bundles.EnumerateArray())
        {
            Assert.True(b.GetProperty("items").GetArrayLength() >= 2);
            double list = b.GetProperty("list_price").GetDouble(), price = b.GetProperty("price").GetDouble();
            Assert.True(price > 0 && price <= list + 1e-9, $"price {price} vs list {list}");
            Assert.False(string.IsNullOrWhiteSpace(b.GetProperty("explanation").GetString()));
        }

        var quote = await h.Client.PostAsJsonAsync("/v1/bundles/price", new { user_id = "user-3", items = new[] { "I10", "I05" } });
        Assert.Equal(HttpStatusCode.OK, quote.StatusCode);
        var priced = JsonDocument.Parse(await quote.Content.ReadAsStringAsync()).RootElement.GetProperty("bundle");
        Assert.True(priced.GetProperty("price").GetDouble() <= priced.GetProperty("list_price").GetDouble() + 1e-9);
        Assert.Equal(2, priced.GetProperty("items").GetArrayLength());
        Assert.False(string.IsNullOrWhiteSpace(priced.GetProperty("explanation").GetString()));
    }
}
