using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using BundleForge.Data;

namespace BundleForge.Mining;

/// <summary>FP-Growth (Han, Pei &amp; Yin 2000) over array-backed FP-trees: items re-ranked by descending frequency,
/// the global tree built from lexicographically sorted transactions (no child search), conditional trees in pooled
/// arrays, a single-path shortcut, and the first-level items mined in parallel, costliest first.</summary>
public sealed class FpGrowthMiner : IItemsetMiner
{
    /// <summary>Below this many tree nodes one thread is faster than splitting the work (tests lower it to
    /// exercise the parallel path on small data).</summary>
    internal int ParallelNodeThreshold { get; init; } = 20_000;

    public string Name => "fpgrowth";

    public MiningStats Mine(BasketSet baskets, int itemCount, MiningOptions options, IItemsetSink? sink,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        int minCount = options.MinCount;
        var guard = options.Guard ?? new MemoryGuard(MemoryGuard.DefaultBudgetBytes, minCount, baskets.Count);
        progress?.Report(new ProgressUpdate("Mining", 0, "counting items"));

        var ranking = ItemRanking.Build(baskets, itemCount, minCount);
        int f = ranking.FrequentCount;
        if (f == 0)
            return new MiningStats(baskets.Count, itemCount, 0, minCount, 0, 0, clock.Elapsed.TotalSeconds);

        var global = new FpTree();
        var cost = BuildGlobalTree(baskets, ranking, global, guard);
        var sinkLock = new object();
        long itemsets = 0;
        int longest = 0;
        try
        {
            bool parallel = options.MaxDegreeOfParallelism > 1 && global.NodeCount >= ParallelNodeThreshold && !global.SinglePath && f > 1;
            if (!parallel)
            {
                var w = new FpGrowthWorker(f, minCount, options.MaxSize, guard, sink, sinkLock, cancellation);
                try
                {
                    if (global.SinglePath)
                        w.MineAll(global);
                    else
                        for (int x = f - 1; x >= 0; x--)
                        {
                            cancellation.ThrowIfCancellationRequested();
                            w.MineFirstLevel(global, x);
                            progress?.Report(new ProgressUpdate("Mining", (double)(f - x) / f, $"{w.Itemsets:N0} itemsets"));
                        }
                    w.Flush();
                    itemsets = w.Itemsets;
                    longest = w.Longest;
                }
                finally { w.Release(); }
            }
            else
            {
                // Costliest first so that no thread is left with a huge item at the end.
                var order = new int[f];
                for (int i = 0; i < f; i++)
                    order[i] = i;
                Array.Sort(cost, order);
                Array.Reverse(order);
                int done = 0;
                var po = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellation };
                var gate = new object();
                Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), po,
                    () => new FpGrowthWorker(f, minCount, options.MaxSize, guard, sink, sinkLock, cancellation),
                    (x, _, w) =>
                    {
                        w.MineFirstLevel(global, x);
                        int d = Interlocked.Increment(ref done);
                        progress?.Report(new ProgressUpdate("Mining", (double)d / f, null));
                        return w;
                    },
                    w =>
                    {
                        try
                        { w.Flush(); }
                        finally { w.Release(); }
                        lock (gate)
                        {
                            itemsets += w.Itemsets;
                            longest = Math.Max(longest, w.Longest);
                        }
                    });
            }
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is DataException) is { } data)
        {
            throw data;
        }
        catch (AggregateException) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellation); // a worker's check inside its item
        }
        finally
        {
            guard.Release(global.ReservedBytes);
        }
        progress?.Report(new ProgressUpdate("Mining", 1, $"{itemsets:N0} itemsets"));
        return new MiningStats(baskets.Count, itemCount, f, minCount, itemsets, longest, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Builds the global tree. Transactions are mapped to ranks, sorted ascending inside and then
    /// lexicographically among themselves, so each one shares its longest possible prefix with the previous one and
    /// the tree grows by appending: no child lookups at all. Returns a per-item work estimate (sum of node depths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static long[] BuildGlobalTree(BasketSet baskets, ItemRanking ranking, FpTree tree, MemoryGuard guard)
    {
        int n = baskets.Count, f = ranking.FrequentCount;
        int[] rank = ranking.RankOf;
        var offsets = new int[n + 1];
        var ranks = new int[ranking.FrequentOccurrences];
        guard.Reserve((offsets.LongLength + ranks.LongLength) * sizeof(int), "the ranked transactions");
        int pos = 0;
        for (int b = 0; b < n; b++)
        {
            int start = pos;
            foreach (int item in baskets[b])
            {
                int r = rank[item];
                if (r < 0)
                    continue;
                // Baskets hold distinct items, but a hand-built BasketSet might not: a duplicate counts once.
                bool dup = false;
                for (int q = start; q < pos; q++)
                    if (ranks[q] == r)
                    { dup = true; break; }
                if (!dup)
                    ranks[pos++] = r;
            }
            ranks.AsSpan(start, pos - start).Sort();
            offsets[b + 1] = pos;
        }

        int nonEmpty = 0;
        for (int b = 0; b < n; b++)
            if (offsets[b + 1] > offsets[b])
                nonEmpty++;
        var order = new int[nonEmpty];
        for (int b = 0, k = 0; b < n; b++)
            if (offsets[b + 1] > offsets[b])
                order[k++] = b;
        SortLexicographically(order, offsets, ranks, f);

        tree.Reset(f, (long)pos + 1, guard);
        for (int r = 0; r < f; r++)
        { tree.Label[r] = ranking.ItemOfRank[r]; tree.Support[r] = ranking.CountOfRank[r]; }
        var cost = new long[f];
        var pathNodes = new int[f];
        ReadOnlySpan<int> prev = default;
        foreach (int b in order)
        {
            var cur = ranks.AsSpan(offsets[b], offsets[b + 1] - offsets[b]);
            int lcp = 0, max = Math.Min(prev.Length, cur.Length);
            while (lcp < max && prev[lcp] == cur[lcp])
                lcp++;
            for (int d = 0; d < lcp; d++)
                tree.Count[pathNodes[d]]++;
            int parent = lcp == 0 ? 0 : pathNodes[lcp - 1];
            for (int d = lcp; d < cur.Length; d++)
            {
                parent = tree.AddChild(parent, cur[d], 1);
                pathNodes[d] = parent;
                cost[cur[d]] += d + 1;
            }
            prev = cur;
        }
        guard.Release((offsets.LongLength + ranks.LongLength) * sizeof(int));
        return cost;
    }

    /// <summary>Sorts transaction indices into lexicographic order of their ranked items. Comparing spans 1.5 M times
    /// cost more than the rest of building the tree, so the first few ranks of each transaction are packed into one
    /// 64-bit key (rank + 1 per field, 0 past the end so that a prefix sorts first), the keys are sorted as
    /// primitives, and only runs of equal keys whose transactions are longer than the key are compared in full.</summary>
    private static void SortLexicographically(int[] order, int[] offsets, int[] ranks, int frequentItems)
    {
        int bits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)frequentItems);
        int fields = 64 / bits;
        var keys = new ulong[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            int b = order[k], start = offsets[b], len = offsets[b + 1] - start;
            ulong key = 0;
            for (int d = 0; d < fields; d++)
                key = (key << bits) | (d < len ? (ulong)(ranks[start + d] + 1) : 0UL);
            keys[k] = key;
        }
        Array.Sort(keys, order);
        ulong lastField = (1UL << bits) - 1;
        for (int i = 0; i < order.Length;)
        {
            int j = i + 1;
            while (j < order.Length && keys[j] == keys[i])
                j++;
            // A zero last field means the transactions of the run are identical and shorter than the key: any order.
            if (j - i > 1 && (keys[i] & lastField) != 0)
                order.AsSpan(i, j - i).Sort(new TransactionOrder(offsets, ranks));
            i = j;
        }
    }

    /// <summary>Lexicographic order of ranked transactions (a struct so the sort is specialised, not delegate-called).</summary>
    private readonly struct TransactionOrder(int[] offsets, int[] ranks) : IComparer<int>
    {
        public int Compare(int a, int c)
        {
            int cmp = ranks.AsSpan(offsets[a], offsets[a + 1] - offsets[a]).SequenceCompareTo(ranks.AsSpan(offsets[c], offsets[c + 1] - offsets[c]));
            return cmp != 0 ? cmp : a.CompareTo(c);
        }
    }
}
