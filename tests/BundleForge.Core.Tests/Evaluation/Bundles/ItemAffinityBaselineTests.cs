using BundleForge.Data;
using BundleForge.Evaluation.Bundles;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Evaluation.Bundles;

/// <summary>The fixed formula the bundle-ranking task used before the learned ranker, now its <c>item_affinity</c>
/// baseline, judged by <see cref="BundleRankingProtocol"/> on the hand-checked fixture.</summary>
public class ItemAffinityBaselineTests
{
    internal static Dataset Load() =>
        DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("crosscbr_ranking"), Format = DataFormat.CrossCbr });

    // Hand computation (weights 0.5 / 0.3 / 0.01): user 0 (items 0,1; train b0) scores b4={1,2} 1/2+0.3 = 0.8, first.
    // User 1 (items 4,5,7; train b2) scores b5={4,5,7} 3/3+0.3 = 1.3 and b3={6,7} 1/2+0.3 = 0.8: the test bundle b3 is
    // second. User 3 (items 2,3; train b1) scores b4 0.8, first. So Recall@1 = NDCG@1 = 2/3, Recall@2 = 1 and
    // NDCG@2 = (1 + 1/log2(3) + 1) / 3. Popularity ranks only the three taken bundles first, each user's own excluded,
    // so it never reaches a test bundle in the top 2.
    [Fact]
    public void Metrics_MatchTheHandComputation()
    {
        var data = Load();
        var protocol = BundleRankingProtocol.For(data.Bundles!, data.Users.Count);
        Assert.Equal(BundleRankingSplit.Test, protocol.Split);
        var m = protocol.Evaluate(new ItemAffinityBaseline(data), [1, 2]);
        Assert.Equal(3, m.Queries);
        Assert.Equal(2.0 / 3, m.RecallAt(1), 6);
        Assert.Equal(2.0 / 3, m.NdcgAt(1), 6);
        Assert.Equal(1.0, m.RecallAt(2), 6);
        Assert.Equal((2 + 1 / Math.Log2(3)) / 3, m.NdcgAt(2), 6);
        var pop = protocol.Evaluate(new PopularityBundleBaseline(data.Bundles!), [1, 2]);
        Assert.Equal(0.0, pop.RecallAt(2), 6);
    }

    [Fact]
    public void Scores_PutTheBundleSharingTheUsersItemsFirst()
    {
        var data = Load();
        var scores = new float[data.Bundles!.Count];
        new ItemAffinityBaseline(data).Score(data.Users.IndexOf("1"), scores);
        int b5 = Array.IndexOf(data.Bundles.Ids, "5");
        int b3 = Array.IndexOf(data.Bundles.Ids, "3");
        Assert.Equal(1.3f, scores[b5], 4);
        Assert.Equal(0.8f, scores[b3], 4);
        for (int b = 0; b < scores.Length; b++)
            if (b != b5 && b != b3 && data.Bundles.Ids[b] != "2")
                Assert.True(scores[b] < scores[b3], $"bundle {data.Bundles.Ids[b]} scores {scores[b]}");
    }

    [Fact]
    public void GeneratedShop_WithoutBundles_IsADataException()
    {
        var (_, data) = BundleForge.Evaluation.Synthetic.ShopGenerator.Build(new BundleForge.Evaluation.Synthetic.ShopGeneratorOptions { Users = 30, Items = 20, Orders = 100, Seed = 1 });
        Assert.Throws<DataException>(() => new ItemAffinityBaseline(data));
    }
}
