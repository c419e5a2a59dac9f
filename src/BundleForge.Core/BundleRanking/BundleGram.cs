using BundleForge.Data;

namespace BundleForge.BundleRanking;

/// <summary>The bundle-by-bundle Gram matrices EASE is solved on: XᵀX of user–bundle interactions, and FᵀF of every
/// user's item overlap with each bundle (F[u,b] = |items(u) ∩ items(b)| ÷ size(b)^e), the latter computed through item
/// co-occurrence: FᵀF[b,b'] = s(b)·s(b')·Σ_{i∈b, j∈b'} C[i,j], with C[i,j] the users who have both items (C[i,i] the
/// users who have i), so its work is Σ over bundles of their items' co-occurrence rows, not Σ over users of their
/// overlap rows squared.</summary>
public static class BundleGram
{
    /// <summary>XᵀX: entry [a,b] counts the users who took both bundles (the diagonal: the takers of each).</summary>
    public static float[] OfInteractions(IReadOnlyList<int[]> userBundles, int bundleCount)
    {
        ArgumentNullException.ThrowIfNull(userBundles);
        var g = new float[(long)bundleCount * bundleCount];
        foreach (var row in userBundles)
            foreach (int a in row)
            {
                long o = (long)a * bundleCount;
                foreach (int b in row)
                    g[o + b] += 1;
            }
        return g;
    }

    /// <summary>FᵀF over the users' item sets in <paramref name="userItems"/> (distinct items per user) for bundles
    /// whose items are rows of <paramref name="bundleOffsets"/>/<paramref name="bundleItems"/>, each overlap divided by
    /// size^<paramref name="sizeExponent"/>.</summary>
    public static float[] OfItemOverlap(BasketSet userItems, int itemCount, int[] bundleOffsets, int[] bundleItems, float sizeExponent, int threads, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(bundleOffsets);
        int n = bundleOffsets.Length - 1;
        var co = ItemCooccurrence.Build(userItems, itemCount, cancellation: cancellation);
        var scale = new float[n];
        for (int b = 0; b < n; b++)
        {
            int size = bundleOffsets[b + 1] - bundleOffsets[b];
            scale[b] = size > 0 ? MathF.Pow(size, -sizeExponent) : 0;
        }
        var g = new float[(long)n * n];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellation };
        Parallel.For(0, n, options, () => new float[itemCount], (b, _, reach) =>
        {
            // reach[j] = Σ_{i∈b} C[i,j]: how many users link bundle b's items to item j.
            Array.Clear(reach);
            for (int k = bundleOffsets[b]; k < bundleOffsets[b + 1]; k++)
            {
                int i = bundleItems[k];
                if ((uint)i >= (uint)itemCount)
                    continue;
                reach[i] += co.ItemCounts[i];
                var neighbours = co.NeighborsOf(i);
                var counts = co.CountsOf(i);
                for (int x = 0; x < neighbours.Length; x++)
                    reach[neighbours[x]] += counts[x];
            }
            for (int b2 = b; b2 < n; b2++)
            {
                float s = 0;
                for (int k = bundleOffsets[b2]; k < bundleOffsets[b2 + 1]; k++)
                    if ((uint)bundleItems[k] < (uint)itemCount)
                        s += reach[bundleItems[k]];
                s *= scale[b] * scale[b2];
                g[(long)b * n + b2] = s;
                g[(long)b2 * n + b] = s;
            }
            return reach;
        }, _ => { });
        return g;
    }
}
