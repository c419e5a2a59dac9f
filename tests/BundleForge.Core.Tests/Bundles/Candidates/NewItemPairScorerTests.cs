using BundleForge.Bundles.Candidates;
using BundleForge.Core.Tests.Bundles.Engine;
using BundleForge.Core.Tests.Evaluation.Bundles;
using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Bundles.Candidates;

/// <summary>The new-product pair scorer's rows (what the composer reads) equal its pair-by-pair scores, whatever was
/// scored before on the thread, and a new product's row allocates nothing once the thread has scored one.</summary>
public class NewItemPairScorerTests
{
    /// <summary>A generated shop with seeded random text vectors; the least bought quarter of its items are new.</summary>
    private static (NewItemPairScorer Scorer, NewProducts Products, int Items) Scorer()
    {
        var (_, data, _) = ShopSimulatorTests.Shop(13);
        var item2vec = EmbeddingSignalTests.Item2VecOf(data);
        int n = data.Items.Count, d = 8;
        var rng = new Random(4);
        var text = new float[n * d];
        for (int k = 0; k < text.Length; k++)
            text[k] = (float)(rng.NextDouble() - 0.5);
        var vectors = new ItemTextVectors("test", data.Items.Ids, new ulong[n], text, d);
        var counts = item2vec.Embeddings.Counts.Order().ToArray();
        int maxPurchases = (int)counts[counts.Length / 4];
        var products = NewProducts.Build(data.Items, vectors, item2vec.ItemIds, item2vec.Embeddings, new NewItemBlend(), maxPurchases);
        var inner = CooccurrencePairScorer.Build(data.Baskets, n, data.Items);
        return (new NewItemPairScorer(inner, products), products, n);
    }

    [Fact]
    public void Rows_equal_pair_scores_for_new_and_established_items()
    {
        var (scorer, products, n) = Scorer();
        Assert.True(products.Items.Length >= 10, $"{products.Items.Length} new products");
        var rng = new Random(9);
        int borrowed = 0;
        // New products' rows first and last, established rows between, with rows of different lengths: buffers reused
        // from a longer or an earlier row must not leak into the next.
        var rows = products.Items.Take(15).Concat(Enumerable.Range(0, 20).Select(_ => rng.Next(n))).Concat(products.Items.Reverse().Take(15));
        foreach (int a in rows)
        {
            var others = Enumerable.Range(0, 20 + rng.Next(80)).Select(_ => rng.Next(n)).Append(a).Concat(products.Items.Take(3)).ToArray();
            var row = new PairEvidence[others.Length];
            scorer.ScoreRow(a, others, row);
            for (int k = 0; k < others.Length; k++)
            {
                Assert.Equal(scorer.Score(a, others[k]), row[k]);
                if (products.IsNew(a) && !products.IsNew(others[k]) && row[k].Complementarity > 0 && row[k].CoCount == 0)
                    borrowed++;
            }
        }
        Assert.True(borrowed > 20, $"the fixture should give new products borrowed complements, found {borrowed}");
    }

    [Fact]
    public void A_new_products_row_allocates_nothing_once_warm()
    {
        var (scorer, products, n) = Scorer();
        var others = Enumerable.Range(0, Math.Min(n, 300)).ToArray();
        var row = new PairEvidence[others.Length];
        int a = products.Items[0];
        Assert.False(products.NeighboursOf(a).IsEmpty);
        scorer.ScoreRow(a, others, row);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 50; r++)
            scorer.ScoreRow(products.Items[r % products.Items.Length], others, row);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Nothing, or one more set of buffers if a gen-2 collection trimmed the pool meanwhile; allocating per row, 50
        // rows take fifty such sets.
        long oneSet = 3L * sizeof(float) * others.Length + (long)System.Runtime.CompilerServices.Unsafe.SizeOf<PairEvidence>() * others.Length + 256;
        Assert.True(allocated <= oneSet, $"{allocated} bytes allocated by 50 rows of new products (one set of buffers: {oneSet})");
    }
}
