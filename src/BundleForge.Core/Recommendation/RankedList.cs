using BundleForge.Embeddings;

namespace BundleForge.Recommendation;

/// <summary>Turns dense item scores into a ranked list the way every baseline does: items scoring above zero, best
/// first (ties to the smaller id), then the most popular items not yet listed, so no list is short.</summary>
public static class RankedList
{
    /// <summary>Writes the list into <paramref name="top"/> and returns its length.</summary>
    public static int Of(ReadOnlySpan<float> scores, ReadOnlySpan<int> popular, Span<int> top)
    {
        var heap = new TopKHeap(Math.Max(1, top.Length));
        for (int i = 0; i < scores.Length; i++)
            if (scores[i] > 0)
                heap.Add(i, scores[i]);
        var best = heap.ToSortedArray();
        int n = 0;
        foreach (var b in best)
            top[n++] = b.Id;
        return Fill(top, n, popular);
    }

    /// <summary>Appends the most popular items not among the first <paramref name="n"/> of <paramref name="top"/>
    /// until it is full; returns the new length.</summary>
    public static int Fill(Span<int> top, int n, ReadOnlySpan<int> popular)
    {
        for (int r = 0; r < popular.Length && n < top.Length; r++)
            if (!top[..n].Contains(popular[r]))
                top[n++] = popular[r];
        return n;
    }
}
