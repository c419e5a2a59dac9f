using BundleForge.Evaluation.NextItem;
using BundleForge.Recommendation;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>A sequence model (SASRec) as a next-basket baseline: each case's purchases before the cut, oldest first,
/// in the model's ids, scored in batches up front; the model's own top items, then popular ones.</summary>
public sealed class SequenceRanker : INextBasketRanker
{
    private readonly int[] _lists;
    private readonly int[] _lengths;
    private readonly int _k;

    /// <summary>Scores every case of <paramref name="split"/> with <paramref name="scorer"/>.</summary>
    public SequenceRanker(NextBasketSplit split, INextItemScorer scorer, ItemIdMap ids, int listLength, int batchSize = 64)
    {
        _k = listLength;
        int cases = split.CaseCount, n = scorer.ItemCount, k = Math.Min(listLength, n);
        _lists = new int[cases * listLength];
        _lengths = new int[cases];
        var popular = PopularityRanker.OrderOf(split);
        var scores = new float[batchSize * n];
        var top = new int[batchSize * k];
        var items = new List<int>();
        var offsets = new int[batchSize + 1];
        var empty = new bool[batchSize];
        int filler = Math.Max(0, ids.ToModel[popular[0]]);
        for (int start = 0; start < cases; start += batchSize)
        {
            int b = Math.Min(batchSize, cases - start);
            items.Clear();
            for (int r = 0; r < b; r++)
            {
                foreach (var o in split.BasketsOf(split.Users[start + r]))
                    foreach (var i in split.Baskets[o])
                        if (ids.ToModel[i] >= 0)
                            items.Add(ids.ToModel[i]);
                // A history the model knows nothing of gets one stand-in item (a network needs a token); its list is
                // then plain popularity.
                empty[r] = items.Count == offsets[r];
                if (empty[r])
                    items.Add(filler);
                offsets[r + 1] = items.Count;
            }
            scorer.Score(offsets.AsSpan(0, b + 1), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items), scores.AsSpan(0, b * n), k, top.AsSpan(0, b * k));
            for (int r = 0; r < b; r++)
            {
                var list = _lists.AsSpan((start + r) * listLength, listLength);
                top.AsSpan(r * k, k).CopyTo(list);
                int length = empty[r] ? 0 : ids.ListToData(list, k);
                _lengths[start + r] = RankedList.Fill(list, length, popular);
            }
        }
    }

    /// <inheritdoc />
    public int Rank(int c, Span<int> top)
    {
        int n = Math.Min(top.Length, _lengths[c]);
        _lists.AsSpan(c * _k, n).CopyTo(top);
        return n;
    }
}
