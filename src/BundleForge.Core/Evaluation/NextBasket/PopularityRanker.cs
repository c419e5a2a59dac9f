using BundleForge.Splits;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>The popularity baseline: the same list for everyone, items by the number of orders before the cut that
/// hold them (ties to the smaller id).</summary>
public sealed class PopularityRanker : INextBasketRanker
{
    /// <summary>The ranking for <paramref name="split"/>.</summary>
    public PopularityRanker(NextBasketSplit split) => Order = OrderOf(split);

    /// <summary>Every item, most popular first.</summary>
    public int[] Order { get; }

    /// <inheritdoc />
    public int Rank(int c, Span<int> top)
    {
        int n = Math.Min(top.Length, Order.Length);
        Order.AsSpan(0, n).CopyTo(top);
        return n;
    }

    /// <summary>Items by orders before the split's cut holding them, most first, ties to the smaller id (a copy of
    /// <see cref="NextBasketSplit.PopularOrder"/>).</summary>
    public static int[] OrderOf(NextBasketSplit split) => (int[])split.PopularOrder().Clone();
}
