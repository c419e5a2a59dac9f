using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Bundles.Engine;

public class PredefinedBundleRankerTests
{
    private static BundleForge.Data.Dataset Load() =>
        DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("crosscbr_ranking"), Format = DataFormat.CrossCbr });

    // Hand computation (weights 0.5 / 0.3 / 0.01): user 0 (items 0,1; train b0) scores b4={1,2} 1/2+0.3 = 0.8, first.
    // User 1 (items 4,5,7; train b2) scores b5={4,5,7} 3/3+0.3 = 1.3 and b3={6,7} 1/2+0.3 = 0.8: the test bundle b3 is
    // second. User 3 (items 2,3; train b1) scores b4 0.8, first. So Recall@1 = NDCG@1 = 2/3, Recall@2 = 1 and
    // NDCG@2 = (1 + 1/log2(3) + 1) / 3. Popularity ranks only the three taken bundles first, each user's own excluded,
    // so it never reaches a test bundle in the top 2.
    [Fact]
    public void Metrics_MatchTheHandComputation()
    {
        var ranker = new PredefinedBundleRanker(Load());
        var at1 = ranker.Evaluate(1);
        Assert.Equal(3, at1.Users);
        Assert.Equal(2.0 / 3, at1.Recall, 6);
        Assert.Equal(2.0 / 3, at1.Ndcg, 6);
        var at2 = ranker.Evaluate(2);
        Assert.Equal(1.0, at2.Recall, 6);
        Assert.Equal((2 + 1 / Math.Log2(3)) / 3, at2.Ndcg, 6);
        var pop = ranker.Evaluate(2, popularityOnly: true);
        Assert.Equal(0.0, pop.Recall, 6);
    }

    [Fact]
    public void Ranking_PutsTheBundleSharingTheUsersItemsFirst()
    {
        var data = Load();
        var ranker = new PredefinedBundleRanker(data);
        int user = data.Users.IndexOf("1");
        var top = ranker.Rank(user, 2, new HashSet<int> { Array.IndexOf(data.Bundles!.Ids, "2") });
        Assert.Equal(["5", "3"], top.Select(b => data.Bundles!.Ids[b]).ToArray());
    }

    [Fact]
    public void GeneratedShop_WithoutBundles_IsADataException()
    {
        var (_, data) = BundleForge.Evaluation.Synthetic.ShopGenerator.Build(new BundleForge.Evaluation.Synthetic.ShopGeneratorOptions { Users = 30, Items = 20, Orders = 100, Seed = 1 });
        Assert.Throws<DataException>(() => new PredefinedBundleRanker(data));
    }
}

/// <summary>Bundle ranking on generated data: the generator's planted bundles become predefined bundles, and a user
/// "takes" one when an order holds two of its items. Early orders give user_item and the train bundles, later orders
/// the test bundles the user had not taken before.</summary>
public class PredefinedBundleRankerGeneratedTests
{
    [Fact]
    public void PlantedBundles_AreRankedBetterThanByPopularity()
    {
        var (shop, data) = BundleForge.Evaluation.Synthetic.ShopGenerator.Build(new BundleForge.Evaluation.Synthetic.ShopGeneratorOptions { Users = 600, Items = 400, Orders = 9_000, Seed = 12 });
        var shopIndex = new Dictionary<string, int>();
        for (int i = 0; i < shop.ItemCount; i++)
            shopIndex[shop.ItemIds[i]] = i;
        var baskets = data.Baskets;
        long cut = baskets.Time.Min() + (long)((baskets.Time.Max() - baskets.Time.Min()) * 0.7);
        var userItem = new HashSet<(int, int)>();
        var train = new HashSet<(int, int)>();
        var test = new HashSet<(int, int)>();
        for (int b = 0; b < baskets.Count; b++)
        {
            int u = baskets.User[b];
            if (u < 0)
                continue;
            var items = baskets[b].ToArray().Select(i => shopIndex[data.Items.Ids[i]]).ToArray();
            bool early = baskets.Time[b] < cut;
            if (early)
                foreach (int i in items)
                    userItem.Add((u, i));
            foreach (var g in items.Where(i => shop.BundleOf[i] >= 0).GroupBy(i => shop.BundleOf[i]).Where(g => g.Count() >= 2))
                (early ? train : test).Add((u, g.Key));
        }
        test.ExceptWith(train);
        var dir = Fixture.TempDir();
        File.WriteAllLines(Path.Combine(dir, "bundle_item.txt"), shop.Bundles.SelectMany((items, b) => items.Select(i => $"{b} {i}")));
        File.WriteAllLines(Path.Combine(dir, "user_item.txt"), userItem.Select(p => $"{p.Item1} {p.Item2}"));
        File.WriteAllLines(Path.Combine(dir, "user_bundle_train.txt"), train.Select(p => $"{p.Item1} {p.Item2}"));
        // The loader wants a non-empty tune file; repeating a train pair changes nothing (both are excluded).
        File.WriteAllLines(Path.Combine(dir, "user_bundle_tune.txt"), train.Take(1).Select(p => $"{p.Item1} {p.Item2}"));
        File.WriteAllLines(Path.Combine(dir, "user_bundle_test.txt"), test.Select(p => $"{p.Item1} {p.Item2}"));
        try
        {
            var loaded = DatasetLoader.Load(new LoadRequest { Path = dir, Format = DataFormat.CrossCbr });
            var ranker = new PredefinedBundleRanker(loaded);
            // A cut-off well below the number of bundles, so ranking matters.
            int k = Math.Max(1, loaded.Bundles!.Count / 10);
            var model = ranker.Evaluate(k);
            var popular = ranker.Evaluate(k, popularityOnly: true);
            Assert.True(model.Users > 20, $"{model.Users} test users");
            Assert.True(model.Ndcg > popular.Ndcg, $"ndcg@{k} of {loaded.Bundles.Count} bundles {model.Ndcg:0.000} vs popularity {popular.Ndcg:0.000}");
            Assert.True(model.Recall > popular.Recall, $"recall@{k} {model.Recall:0.000} vs popularity {popular.Recall:0.000}");
        }
        finally { Directory.Delete(dir, true); }
    }
}
