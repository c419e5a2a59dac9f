using System.Numerics.Tensors;

namespace BundleForge.BundleRanking;

/// <summary>A sparse item-by-bundle matrix in rows (compressed sparse rows, bundles ascending within a row): what an
/// item a customer has adds to each bundle's score.</summary>
public sealed class ItemBundleRows
{
    /// <summary>Rows from their parts; <paramref name="offsets"/> has one entry per item plus one.</summary>
    public ItemBundleRows(int[] offsets, int[] bundles, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(bundles);
        ArgumentNullException.ThrowIfNull(weights);
        if (offsets.Length == 0 || offsets[^1] != bundles.Length || bundles.Length != weights.Length)
            throw new ArgumentException("The offsets, bundles and weights disagree.", nameof(offsets));
        Offsets = offsets;
        Bundles = bundles;
        Weights = weights;
    }

    /// <summary>Row offsets, one per item plus one.</summary>
    public int[] Offsets { get; }
    /// <summary>The bundle of every entry.</summary>
    public int[] Bundles { get; }
    /// <summary>The weight of every entry.</summary>
    public float[] Weights { get; }
    /// <summary>Items (rows).</summary>
    public int ItemCount => Offsets.Length - 1;

    /// <summary>The bundles of row <paramref name="item"/>.</summary>
    public ReadOnlySpan<int> BundlesOf(int item) => Bundles.AsSpan(Offsets[item], Offsets[item + 1] - Offsets[item]);

    /// <summary>The weights of row <paramref name="item"/>.</summary>
    public ReadOnlySpan<float> WeightsOf(int item) => Weights.AsSpan(Offsets[item], Offsets[item + 1] - Offsets[item]);

    /// <summary>The entry [item, bundle], 0 when absent.</summary>
    public float At(int item, int bundle)
    {
        if ((uint)item >= (uint)ItemCount)
            return 0;
        int k = BundlesOf(item).BinarySearch(bundle);
        return k >= 0 ? Weights[Offsets[item] + k] : 0;
    }

    /// <summary>Adds <paramref name="scale"/> × row i to <paramref name="scores"/> for every item i of
    /// <paramref name="items"/> (ids outside the rows are skipped).</summary>
    public void AddTo(ReadOnlySpan<int> items, float scale, Span<float> scores)
    {
        if (scale == 0)
            return;
        foreach (int i in items)
        {
            if ((uint)i >= (uint)ItemCount)
                continue;
            int start = Offsets[i];
            int end = Offsets[i + 1];
            for (int k = start; k < end; k++)
                scores[Bundles[k]] += scale * Weights[k];
        }
    }

    /// <summary>The same rows with every weight times <paramref name="factor"/>.</summary>
    public ItemBundleRows Scaled(float factor)
    {
        var weights = new float[Weights.Length];
        TensorPrimitives.Multiply(Weights, factor, weights);
        return new ItemBundleRows(Offsets, Bundles, weights);
    }

    /// <summary>Item → the bundles holding it, weight 1.</summary>
    public static ItemBundleRows Membership(int[] bundleOffsets, int[] bundleItems, int itemCount)
    {
        ArgumentNullException.ThrowIfNull(bundleOffsets);
        ArgumentNullException.ThrowIfNull(bundleItems);
        var offsets = new int[itemCount + 1];
        foreach (int i in bundleItems)
            if ((uint)i < (uint)itemCount)
                offsets[i + 1]++;
        for (int i = 0; i < itemCount; i++)
            offsets[i + 1] += offsets[i];
        var bundles = new int[offsets[itemCount]];
        var next = offsets[..^1];
        for (int b = 0; b + 1 < bundleOffsets.Length; b++)
            for (int k = bundleOffsets[b]; k < bundleOffsets[b + 1]; k++)
                if ((uint)bundleItems[k] < (uint)itemCount)
                    bundles[next[bundleItems[k]]++] = b;
        var weights = new float[bundles.Length];
        Array.Fill(weights, 1f);
        return new ItemBundleRows(offsets, bundles, weights);
    }

    /// <summary>Item neighbours N[i,b] = Σ over users who have item i and took bundle b of
    /// 1 ÷ √(items(u)·bundles(u)), ÷ √(users of i · takers of b): the symmetric-normalised user–item view times the
    /// symmetric-normalised user–bundle view. A customer's row sum is scaled by 1/√(their items) when scoring.</summary>
    public static ItemBundleRows Neighbours(int[][] lists, int[][] userItems, int[] takers, int itemCount, int bundleCount, ParallelOptions options)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(takers);
        int users = Math.Min(lists.Length, userItems.Length);
        // The users of each item, among users who took at least one bundle (the others add nothing).
        var offsets = new int[itemCount + 1];
        for (int u = 0; u < users; u++)
            if (lists[u].Length > 0)
                foreach (int i in userItems[u])
                    if ((uint)i < (uint)itemCount)
                        offsets[i + 1]++;
        var itemUsersTotal = new int[itemCount];
        for (int u = 0; u < userItems.Length; u++)
            foreach (int i in userItems[u])
                if ((uint)i < (uint)itemCount)
                    itemUsersTotal[i]++;
        for (int i = 0; i < itemCount; i++)
            offsets[i + 1] += offsets[i];
        var holders = new int[offsets[itemCount]];
        var next = offsets[..^1];
        for (int u = 0; u < users; u++)
            if (lists[u].Length > 0)
                foreach (int i in userItems[u])
                    if ((uint)i < (uint)itemCount)
                        holders[next[i]++] = u;
        var userWeight = new float[users];
        for (int u = 0; u < users; u++)
            if (lists[u].Length > 0 && userItems[u].Length > 0)
                userWeight[u] = 1f / MathF.Sqrt((float)userItems[u].Length * lists[u].Length);
        var bundleScale = new float[bundleCount];
        for (int b = 0; b < bundleCount; b++)
            bundleScale[b] = takers[b] > 0 ? 1f / MathF.Sqrt(takers[b]) : 0f;

        var rowBundles = new int[itemCount][];
        var rowWeights = new float[itemCount][];
        Parallel.For(0, itemCount, options, () => (Dense: new float[bundleCount], Touched: new List<int>()), (i, _, ws) =>
        {
            if (offsets[i] == offsets[i + 1])
            {
                rowBundles[i] = [];
                rowWeights[i] = [];
                return ws;
            }
            foreach (var u in holders.AsSpan(offsets[i], offsets[i + 1] - offsets[i]))
                foreach (int b in lists[u])
                {
                    if (ws.Dense[b] == 0)
                        ws.Touched.Add(b);
                    ws.Dense[b] += userWeight[u];
                }
            ws.Touched.Sort();
            float itemScale = 1f / MathF.Sqrt(itemUsersTotal[i]);
            var bs = new int[ws.Touched.Count];
            var wts = new float[ws.Touched.Count];
            for (int k = 0; k < bs.Length; k++)
            {
                int b = ws.Touched[k];
                bs[k] = b;
                wts[k] = ws.Dense[b] * itemScale * bundleScale[b];
                ws.Dense[b] = 0;
            }
            ws.Touched.Clear();
            rowBundles[i] = bs;
            rowWeights[i] = wts;
            return ws;
        }, _ => { });
        var rowOffsets = new int[itemCount + 1];
        for (int i = 0; i < itemCount; i++)
            rowOffsets[i + 1] = rowOffsets[i] + rowBundles[i].Length;
        var allBundles = new int[rowOffsets[itemCount]];
        var allWeights = new float[rowOffsets[itemCount]];
        for (int i = 0; i < itemCount; i++)
        {
            rowBundles[i].CopyTo(allBundles, rowOffsets[i]);
            rowWeights[i].CopyTo(allWeights, rowOffsets[i]);
        }
        return new ItemBundleRows(rowOffsets, allBundles, allWeights);
    }
}
