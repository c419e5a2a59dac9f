using BundleForge.Bundles;
using BundleForge.Ingest;

namespace BundleForge.Core.Tests.Bundles;

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
        var (_, data) = BundleForge.Synthetic.ShopGenerator.Build(new BundleForge.Synthetic.ShopGeneratorOptions { Users = 30, Items = 20, Orders = 100, Seed = 1 });
        Assert.Throws<DataException>(() => new PredefinedBundleRanker(data));
    }
}
