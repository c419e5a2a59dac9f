using BundleForge.Evaluation.Metrics;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>Runs a ranker over every case of a next-basket split and sums HR, NDCG and Recall at 10 and 20, coverage
/// and personalisation of the top-10 lists, over the whole first order and over its explore and repeat parts. The
/// same list is judged against each part (the list is what the customer would see).</summary>
public static class NextBasketEvaluator
{
    /// <summary>The ranker's metrics on <paramref name="split"/>.</summary>
    public static NextBasketMetrics Evaluate(NextBasketSplit split, INextBasketRanker ranker, int threads)
    {
        var lists = Lists(split, ranker, threads, out var lengths);
        return Score(split, lists, lengths);
    }

    /// <summary>Each case's list (<see cref="RankingAccumulator.ListLength"/> slots per case) and its length.</summary>
    public static int[] Lists(NextBasketSplit split, INextBasketRanker ranker, int threads, out int[] lengths)
    {
        int k = RankingAccumulator.NextBasket(0).ListLength;
        var lists = new int[split.CaseCount * k];
        var counts = new int[split.CaseCount];
        Parallel.For(0, split.CaseCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            c => counts[c] = ranker.Rank(c, lists.AsSpan(c * k, k)));
        lengths = counts;
        return lists;
    }

    /// <summary>Sums the metrics of precomputed lists (as <see cref="Lists"/> returns them).</summary>
    public static NextBasketMetrics Score(NextBasketSplit split, int[] lists, int[] lengths)
    {
        var whole = RankingAccumulator.NextBasket(split.ItemCount);
        var explore = RankingAccumulator.NextBasket(split.ItemCount);
        var repeat = RankingAccumulator.NextBasket(split.ItemCount);
        int k = whole.ListLength;
        var owned = new HashSet<int>();
        var oldTargets = new List<int>();
        var newTargets = new List<int>();
        for (int c = 0; c < split.CaseCount; c++)
        {
            owned.Clear();
            foreach (var b in split.BasketsOf(split.Users[c]))
                foreach (var i in split.Baskets[b])
                    owned.Add(i);
            oldTargets.Clear();
            newTargets.Clear();
            var targets = split.TargetsOf(c);
            foreach (var t in targets)
                (owned.Contains(t) ? oldTargets : newTargets).Add(t);
            var list = lists.AsSpan(c * k, lengths[c]);
            whole.AddList(list, targets);
            if (newTargets.Count > 0)
                explore.AddList(list, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(newTargets));
            if (oldTargets.Count > 0)
                repeat.AddList(list, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(oldTargets));
        }
        return new NextBasketMetrics(whole.ToMetrics(), explore.ToMetrics(), repeat.ToMetrics());
    }
}
