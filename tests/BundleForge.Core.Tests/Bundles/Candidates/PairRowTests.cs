using BundleForge.Bundles.Candidates;
using BundleForge.Core.Tests.Bundles.Engine;
using BundleForge.Core.Tests.Evaluation.Bundles;

namespace BundleForge.Core.Tests.Bundles.Candidates;

/// <summary>The row form of pair scoring (<see cref="IPairScorer.ScoreRow"/>) that the composer uses must give exactly
/// what pair-by-pair scoring gives, for both scorers, in any order of the other items and with repeated calls (the
/// scattered rows are cleared between calls).</summary>
public class PairRowTests
{
    [Fact]
    public void CoPurchaseRows_EqualPairScores()
    {
        var (_, data, _) = ShopSimulatorTests.Shop(11);
        var pairs = CooccurrencePairScorer.Build(data.Baskets, data.Items.Count, data.Items);
        AssertRowsMatch(pairs, data.Items.Count, seed: 1);
    }

    [Fact]
    public void EmbeddingRows_EqualPairScores()
    {
        var (_, data, _) = ShopSimulatorTests.Shop(12);
        var model = EmbeddingSignalTests.Item2VecOf(data);
        var scorer = new EmbeddingPairScorer(CooccurrencePairScorer.Build(data.Baskets, data.Items.Count, data.Items), model);
        AssertRowsMatch(scorer, data.Items.Count, seed: 2);
    }

    private static void AssertRowsMatch(IPairScorer scorer, int items, int seed)
    {
        var rng = new Random(seed);
        int nonZero = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            int a = rng.Next(items);
            var others = Enumerable.Range(0, 60).Select(_ => rng.Next(items)).Append(a).ToArray();
            var row = new PairEvidence[others.Length];
            scorer.ScoreRow(a, others, row);
            for (int k = 0; k < others.Length; k++)
            {
                Assert.Equal(scorer.Score(a, others[k]), row[k]);
                if (row[k].CoCount > 0)
                    nonZero++;
            }
        }
        Assert.True(nonZero > 20, $"the fixture should have co-purchased pairs in the rows, found {nonZero}");
    }
}
