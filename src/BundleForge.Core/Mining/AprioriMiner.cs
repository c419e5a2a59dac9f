using System.Diagnostics;
using BundleForge.Data;

namespace BundleForge.Mining;

/// <summary>Apriori (Agrawal &amp; Srikant 1994), the reference miner: level-wise candidates joined from itemsets that
/// share all but their last item, pruned unless every subset is frequent, and counted by intersecting the sorted
/// basket-id lists (tid-lists) of the two joined itemsets. Simple and obviously correct rather than fast.</summary>
public sealed class AprioriMiner : IItemsetMiner
{
    public string Name => "apriori";

    public MiningStats Mine(BasketSet baskets, int itemCount, MiningOptions options, IItemsetSink? sink,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        int minCount = options.MinCount;
        var guard = options.Guard ?? new MemoryGuard(MemoryGuard.DefaultBudgetBytes, minCount, baskets.Count);
        var count = ItemRanking.CountItems(baskets, itemCount);

        // Level 1: frequent items in ascending id order, each with its tid-list.
        var level = new List<(int[] Items, int[] Tids)>();
        var itemIndex = new int[itemCount];
        Array.Fill(itemIndex, -1);
        for (int i = 0; i < itemCount; i++)
            if (count[i] >= minCount)
            { itemIndex[i] = level.Count; level.Add(([i], new int[count[i]])); }
        var fill = new int[level.Count];
        for (int b = 0; b < baskets.Count; b++)
            foreach (int i in baskets[b])
            {
                int k = itemIndex[i];
                if (k < 0)
                    continue;
                var tids = level[k].Tids;
                if (fill[k] > 0 && tids[fill[k] - 1] == b)
                    continue;
                tids[fill[k]++] = b;
            }
        long levelBytes = 0;
        foreach (var (_, t) in level)
            levelBytes += t.LongLength * sizeof(int);
        guard.Reserve(levelBytes, "Apriori tid-lists");

        int frequentItems = level.Count;
        long found = 0;
        int longest = level.Count > 0 ? 1 : 0;
        foreach (var (items, tids) in level)
        { sink?.Add(items, tids.Length); found++; }

        try
        {
            for (int k = 2; k <= options.MaxSize && level.Count > 1; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report(new ProgressUpdate("Mining", double.NaN, $"level {k}: {found:N0} itemsets so far"));
                var known = new HashSet<int[]>(level.Count, IntSequenceComparer.Instance);
                foreach (var (items, _) in level)
                    known.Add(items);
                var next = new List<(int[] Items, int[] Tids)>();
                long nextBytes = 0;
                var subset = new int[k - 1];
                for (int a = 0; a < level.Count; a++)
                {
                    // Once per joined itemset, not per candidate: its joins intersect tid-lists thousands long.
                    cancellation.ThrowIfCancellationRequested();
                    var (ia, ta) = level[a];
                    for (int b = a + 1; b < level.Count; b++)
                    {
                        var (ib, tb) = level[b];
                        // The level is in lexicographic order, so itemsets sharing a's first k-2 items are contiguous.
                        if (!ia.AsSpan(0, k - 2).SequenceEqual(ib.AsSpan(0, k - 2)))
                            break;
                        var candidate = new int[k];
                        ia.CopyTo(candidate, 0);
                        candidate[k - 1] = ib[k - 2];
                        if (!AllSubsetsFrequent(candidate, subset, known))
                            continue;
                        var tids = Intersect(ta, tb, minCount);
                        if (tids is null)
                            continue;
                        guard.Reserve(tids.LongLength * sizeof(int), "Apriori tid-lists");
                        nextBytes += tids.LongLength * sizeof(int);
                        next.Add((candidate, tids));
                        sink?.Add(candidate, tids.Length);
                        found++;
                    }
                }
                guard.Release(levelBytes);
                levelBytes = nextBytes;
                level = next;
                if (level.Count > 0)
                    longest = k;
            }
        }
        finally { guard.Release(levelBytes); }
        return new MiningStats(baskets.Count, itemCount, frequentItems, minCount, found, longest, clock.Elapsed.TotalSeconds);
    }

    /// <summary>True when every (k-1)-subset other than the two joined ones (which drop the last two items) is frequent.</summary>
    private static bool AllSubsetsFrequent(int[] candidate, int[] subset, HashSet<int[]> known)
    {
        int k = candidate.Length;
        for (int drop = 0; drop < k - 2; drop++)
        {
            for (int i = 0, j = 0; i < k; i++)
                if (i != drop)
                    subset[j++] = candidate[i];
            if (!known.Contains(subset))
                return false;
        }
        return true;
    }

    /// <summary>The common basket ids, or null as soon as fewer than <paramref name="minCount"/> remain possible.</summary>
    private static int[]? Intersect(int[] a, int[] b, int minCount)
    {
        if (Math.Min(a.Length, b.Length) < minCount)
            return null;
        var result = new int[Math.Min(a.Length, b.Length)];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (n + Math.Min(a.Length - i, b.Length - j) < minCount)
                return null;
            int x = a[i], y = b[j];
            if (x == y)
            { result[n++] = x; i++; j++; }
            else if (x < y)
                i++;
            else
                j++;
        }
        if (n < minCount)
            return null;
        Array.Resize(ref result, n);
        return result;
    }
}
