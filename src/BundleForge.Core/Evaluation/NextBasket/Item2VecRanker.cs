using System.Numerics.Tensors;
using BundleForge.Embeddings;
using BundleForge.Recommendation;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>The item2vec baseline: the customer's taste (the recency-weighted mean of the unit vectors of what they
/// bought, halving every 30 days before the cut, as the served profiles are built) and the trained items closest
/// to it by cosine, then popular items.</summary>
public sealed class Item2VecRanker(NextBasketSplit split, ItemVectors vectors, ItemIdMap ids) : INextBasketRanker
{
    /// <summary>Half-life of the taste, in days: the served profiles' (<see cref="UserProfileBuilder.HalfLifeDays"/>).</summary>
    private static readonly double HalfLifeDays = new UserProfileBuilder().HalfLifeDays;

    private readonly int[] _popular = PopularityRanker.OrderOf(split);

    /// <inheritdoc />
    public int Rank(int c, Span<int> top)
    {
        var history = OrderHistory.Of(split.Baskets, split.BasketsOf(split.Users[c]), ids.ToModel);
        var taste = new float[vectors.Dimensions];
        int n = 0;
        if (vectors.TasteOf(history, split.Cut, HalfLifeDays, taste))
        {
            var heap = new TopKHeap(Math.Max(1, top.Length));
            for (int i = 0; i < vectors.ItemCount; i++)
                if (vectors.Trained[i])
                    heap.Add(i, TensorPrimitives.Dot(vectors.RowOf(i), taste));
            foreach (var x in heap.ToSortedArray())
                top[n++] = x.Id;
            n = ids.ListToData(top, n);
        }
        return RankedList.Fill(top, n, _popular);
    }
}
