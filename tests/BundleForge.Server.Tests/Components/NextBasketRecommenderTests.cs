using System.Text.Json;
using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Data;
using BundleForge.Recommendation;
using BundleForge.Training;

namespace BundleForge.Server.Tests.Components;

/// <summary>The next-basket ranker served by <c>/v1/users/{id}/recommendations</c>: repeat purchases come back with
/// their source, items nobody ever re-bought do not come back to their owner, out-of-stock items and items in the
/// cart never show.</summary>
public class NextBasketRecommenderTests
{
    /// <summary>The generated test shop with known stock (-1) except I05, out of stock.</summary>
    private static Dataset Shop()
    {
        var d = TestData.Dataset();
        var c = d.Items;
        var stock = Enumerable.Repeat(-1, c.Count).ToArray();
        stock[5] = 0;
        return new Dataset
        {
            Items = new ItemCatalog(c.Ids, c.Titles, c.Categories, c.Brands, c.Price, c.Cost, stock, c.CostAssumed),
            Users = d.Users,
            Interactions = d.Interactions,
            Baskets = d.Baskets,
            Report = d.Report,
            Format = d.Format,
            HasRealTime = true,
        };
    }

    private static string WriteModel(Dataset data)
    {
        var dir = Path.Combine(TestData.TempDir(), "model");
        using var writer = new ModelWriter(dir, data.Fingerprint, data.Format);
        CatalogComponent.Save(writer, data.Items);   // as the training pipeline writes it: the stock lives there
        BaselineModel.Build(data, TestData.Pseudonymizer, TestData.Options).Save(writer, TestData.Options, TestData.Pseudonymizer);
        // The shop spans four days: the ranker is fitted on the first order of each customer on the last one.
        var context = new TrainingContext(data, writer, 1, 1, TestData.Pseudonymizer, null);
        new NextBasketOptions { ValidationDays = 1, Threads = 1 }.CreateTrainer().Train(context, CancellationToken.None);
        writer.Commit();
        return dir;
    }

    private static string[] Sources(JsonElement response) =>
        response.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("source").GetString()!).ToArray();

    [Fact]
    public async Task Repeat_purchases_come_back_named_and_filtered_as_the_rules_say()
    {
        var data = Shop();
        await using var h = await TestHost.StartAsync(WriteModel(data));
        // user-0 bought I00, I01 and I05 in three orders each, and I19 four times alone.
        var answer = await h.GetJson("/v1/users/user-0/recommendations?k=10");
        Assert.Equal("nextbasket", answer.GetProperty("source").GetString());
        var items = TestHost.ItemIds(answer);
        var sources = Sources(answer);
        Assert.Contains("I19", items);
        Assert.Equal("repeat", sources[Array.IndexOf(items, "I19")]);
        Assert.DoesNotContain("I05", items);                                      // out of stock
        Assert.All(sources, s => Assert.Contains(s, new[] { "repeat", "co-purchase", "neighbours", "item2vec", "title", "popular" }));

        // user-5 bought the trio I10+I11+I12 once; nobody ever bought it twice, so it is not offered to them again.
        var five = TestHost.ItemIds(await h.GetJson("/v1/users/user-5/recommendations?k=20"));
        Assert.DoesNotContain("I10", five);
        Assert.DoesNotContain("I11", five);
        Assert.Contains("I19", five);                                             // re-bought by many: offered again

        // An item in the cart is held back at once.
        await h.PostEvents(new { user_id = "user-0", type = "cart", item_id = "I19" });
        Assert.DoesNotContain("I19", TestHost.ItemIds(await h.GetJson("/v1/users/user-0/recommendations?k=10")));
    }

    [Fact]
    public async Task A_user_the_ranker_does_not_know_is_answered_by_the_next_recommender()
    {
        await using var h = await TestHost.StartAsync(WriteModel(Shop()));
        var answer = await h.GetJson("/v1/users/stranger/recommendations?k=3");
        Assert.Equal("popularity", answer.GetProperty("source").GetString());
        await h.PostEvents(new { user_id = "stranger", type = "purchase", item_id = "I00" });
        var after = await h.GetJson("/v1/users/stranger/recommendations?k=3");
        // A purchase in the session is an order the ranker reads.
        Assert.Equal("nextbasket", after.GetProperty("source").GetString());
    }
}
