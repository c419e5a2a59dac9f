using BundleForge.Data;

namespace BundleForge.Server.Tests.Components;

/// <summary>Issue 17: a product nobody bought, whose title matches what a customer buys, appears in their
/// recommendations and in frequently-bought-together fallbacks, marked with the source <c>new</c>, no higher than the
/// configured position; without text vectors, or with the setting at 0, nothing changes.</summary>
public sealed class NewItemsComponentTests
{
    // The generated shop's items with product titles: I00-I03 are lunch bags (the loner bought I02 only), I05 a mug,
    // I10-I12 garden things, I19 lights. I04 is a lunch bag nobody bought; the other unsold items are unrelated.
    private static readonly Dictionary<int, string> Titles = new()
    {
        [0] = "RED RETROSPOT LUNCH BAG",
        [1] = "WHITE SPOTTY LUNCH BAG",
        [2] = "PINK POLKADOT LUNCH BAG",
        [3] = "BLUE STRIPE LUNCH BAG",
        [5] = "CERAMIC COFFEE MUG",
        [10] = "GARDEN TROWEL",
        [11] = "WATERING CAN",
        [12] = "GARDEN GLOVES",
        [19] = "SET OF 20 FAIRY LIGHTS WARM WHITE",
        [4] = "DINOSAUR PRINT LUNCH BAG",
        [6] = "USB PHONE CHARGER CABLE",
        [7] = "CAR TYRE PUMP",
        [8] = "BABY SHAMPOO",
        [9] = "PRINTER INK CARTRIDGE",
        [13] = "OFFICE DESK CHAIR",
        [14] = "MOUNTAIN BIKE HELMET",
        [15] = "DOG FOOD 5KG",
        [16] = "YOGA MAT",
        [17] = "SCREWDRIVER SET",
        [18] = "LAPTOP STAND",
    };

    private const string DashboardKey = "dashboard-key-for-tests-0123456789";

    internal static Dataset Shop()
    {
        var data = TestData.Dataset();
        var c = data.Items;
        var titles = c.Titles.Select((t, i) => Titles.TryGetValue(i, out var title) ? title : t).ToArray();
        return new Dataset
        {
            Items = new ItemCatalog(c.Ids, titles, c.Categories, c.Brands, c.Price, c.Cost, c.Stock, c.CostAssumed),
            Users = data.Users,
            Interactions = data.Interactions,
            Baskets = data.Baskets,
            Report = data.Report,
            Format = data.Format,
            HasRealTime = data.HasRealTime,
        };
    }

    private static List<(string Id, string Source)> Items(System.Text.Json.JsonElement response) =>
        response.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("item_id").GetString()!, i.GetProperty("source").GetString()!)).ToList();

    [Fact]
    public async Task A_product_nobody_bought_appears_marked_new_in_recommendations_and_together_fallbacks()
    {
        await using var host = await TestHost.StartAsync(TestData.WriteModel(data: Shop(), item2vec: true, text: true), false, $"--Dashboard:ApiKey={DashboardKey}");
        var recommended = Items(await host.GetJson("/v1/users/loner/recommendations?k=10"));
        Assert.True(recommended.Count >= 4, string.Join(", ", recommended));
        // The lunch bag nobody bought takes the first place new products may take (4th), marked new.
        Assert.Equal(("I04", "new"), recommended[3]);
        var fresh = recommended.Where(r => r.Source == "new").ToList();
        Assert.InRange(fresh.Count, 1, 2);
        Assert.All(recommended.Take(3), r => Assert.NotEqual("new", r.Source));
        Assert.DoesNotContain(fresh, r => r.Id is "I07" or "I08" or "I13" or "I15" or "I16" or "I18");

        // Frequently bought with a lunch bag: the observed co-purchases first, then the new lunch bag in the place of
        // the first fallback, one new product at most.
        var together = Items(await host.GetJson("/v1/items/I00/frequently-bought-together?k=8"));
        int at = together.FindIndex(r => r.Id == "I04");
        Assert.True(at >= 0, string.Join(", ", together));
        Assert.Equal("new", together[at].Source);
        Assert.All(together.Take(at), r => Assert.Equal("co-purchase", r.Source));
        Assert.Single(together, r => r.Source == "new");
        // Strict mode holds observed co-purchases only.
        Assert.DoesNotContain(Items(await host.GetJson("/v1/items/I00/frequently-bought-together?k=8&mode=strict")), r => r.Source == "new");

        // The dashboard's product page marks it too.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items/I00");
        request.Headers.Add("X-Dashboard-Key", DashboardKey);
        var page = await (await host.Client.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        Assert.Contains("badge new", page);
        Assert.Contains("DINOSAUR PRINT LUNCH BAG", page);
    }

    [Fact]
    public async Task Without_text_vectors_or_with_the_setting_at_zero_no_new_product_is_placed()
    {
        await using (var host = await TestHost.StartAsync(TestData.WriteModel(data: Shop(), item2vec: true)))
        {
            Assert.DoesNotContain(Items(await host.GetJson("/v1/users/loner/recommendations?k=10")), r => r.Source == "new");
            Assert.DoesNotContain(Items(await host.GetJson("/v1/items/I00/frequently-bought-together?k=8")), r => r.Source == "new");
        }
        await using (var host = await TestHost.StartAsync(TestData.WriteModel(data: Shop(), item2vec: true, text: true), false,
            "--NewItems:MaxInRecommendations=0", "--NewItems:MaxInTogether=0"))
        {
            Assert.DoesNotContain(Items(await host.GetJson("/v1/users/loner/recommendations?k=10")), r => r.Source == "new");
            Assert.DoesNotContain(Items(await host.GetJson("/v1/items/I00/frequently-bought-together?k=8")), r => r.Source == "new");
        }
    }
}
