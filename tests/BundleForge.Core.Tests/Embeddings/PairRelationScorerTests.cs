using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Embeddings;

public class PairRelationScorerTests
{
    /// <summary>The <see cref="ChargerShop"/> baskets, with 2 and 3 in one category leaf.</summary>
    private static (BasketSet Baskets, int[] Leaf) Shop()
    {
        var leaf = new int[15];
        Array.Fill(leaf, -1);
        leaf[2] = leaf[3] = 7;
        return (ChargerShop.Baskets(), leaf);
    }

    [Fact]
    public void Complements_and_substitutes_are_told_apart()
    {
        var (baskets, leaf) = Shop();
        var corpus = TrainingCorpus.Build(15, baskets, null, 1);
        var trained = Item2VecTrainer.Train(corpus, 15, new Item2VecOptions { Dimensions = 16, Epochs = 5, Deterministic = true, Sample = 0 });
        var scorer = new PairRelationScorer(trained.Embeddings, ItemCooccurrence.Build(baskets, 15), leaf);

        Assert.Equal(PairRelation.Complement, scorer.Classify(0, 1));
        Assert.Equal(PairRelation.Complement, scorer.Classify(2, 4));
        Assert.Equal(PairRelation.Substitute, scorer.Classify(2, 3));
        Assert.True(scorer.ComplementScore(0, 1) > scorer.ComplementScore(2, 3) + 0.3f);
        Assert.True(scorer.SubstituteScore(2, 3) > 0.5f);
        Assert.Equal(0f, scorer.SubstituteScore(0, 1));
        Assert.True(scorer.CrossContext(0, 1) > scorer.CrossContext(0, 3));
        Assert.Equal(scorer.ComplementScore(0, 1), scorer.ComplementScore(1, 0), 5);
        Assert.Throws<DataException>(() => scorer.ComplementScore(0, 99));
    }

    [Fact]
    public void Shrunk_lift_pulls_small_counts_towards_one()
    {
        // 0 and 1 together once among 100 baskets, each bought once: raw lift 100, shrunk (1+5)/(0.01+5) ≈ 1.2
        var lists = new List<int[]> { new[] { 0, 1 } };
        for (int i = 0; i < 99; i++)
            lists.Add([2, 3]);
        var c = ItemCooccurrence.Build(BasketSet.FromLists(lists), 4);
        Assert.Equal(1, c.Count(0, 1));
        Assert.Equal(99, c.Count(3, 2));
        Assert.Equal(0, c.Count(0, 2));
        Assert.InRange(c.ShrunkLift(0, 1, 5), 1.1, 1.3);
        Assert.InRange(c.ShrunkLift(2, 3, 5), 1.009, 1.011); // (99+5)/(98.01+5)
    }

    [Fact]
    public void Cooccurrence_counts_match_brute_force()
    {
        var baskets = SyntheticShop.GroupedBaskets(300, 3, 6, seed: 4);
        var c = ItemCooccurrence.Build(baskets, 18);
        for (int a = 0; a < 18; a++)
            for (int b = 0; b < 18; b++)
            {
                if (a == b)
                    continue;
                int expected = 0;
                for (int k = 0; k < baskets.Count; k++)
                    if (baskets[k].Contains(a) && baskets[k].Contains(b))
                        expected++;
                Assert.Equal(expected, c.Count(a, b));
            }
    }
}
