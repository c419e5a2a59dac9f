using BundleForge.Recommendation;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>The model folder's <c>nextbasket</c> ranker on a split: each case's orders before the cut, in the model's
/// item ids, ranked at the cut; lists filled with popular items if the model proposes too few.</summary>
public sealed class ModelRanker(NextBasketSplit split, NextBasketModel model, ItemIdMap ids) : INextBasketRanker
{
    private readonly int[] _popular = PopularityRanker.OrderOf(split);

    /// <inheritdoc />
    public int Rank(int c, Span<int> top)
    {
        var history = OrderHistory.Of(split.Baskets, split.BasketsOf(split.Users[c]), ids.ToModel);
        int n = model.Rank(history, split.Cut, top);
        n = ids.ListToData(top, n);
        return RankedList.Fill(top, n, _popular);
    }
}
