namespace BundleForge.BundleRanking;

/// <summary>Chooses the blend's weights per customer segment (customers told apart by how many bundles they are known
/// to have, cut at <see cref="BundleRankerOptions.SegmentBounds"/>): each segment's weights by the same coordinate
/// ascent (<see cref="BlendSearch"/>) on its own validation customers, starting from the global weights. Because such a
/// choice can only gain on the customers it was chosen on, it is also cross-fitted: the validation customers are split
/// in two seeded halves, global and segment weights are chosen on one half and both judged on the other, both ways;
/// the trainer reports both (the served model keeps one set of weights).</summary>
internal static class SegmentWeightSearch
{
    /// <summary>The segment of a customer known to have <paramref name="knownBundles"/> bundles: the number of bounds
    /// at or below it (bounds ascending; none = one segment).</summary>
    public static int SegmentOf(int knownBundles, ReadOnlySpan<int> bounds)
    {
        int g = 0;
        while (g < bounds.Length && knownBundles >= bounds[g])
            g++;
        return g;
    }

    /// <summary>Each segment's chosen settings; their validation figures on all validation customers (in-sample); the
    /// cross-fitted NDCG and Recall of the global and the segmented choice; customers per segment; weightings judged.</summary>
    public sealed record Result(BundleRankerSettings[] Settings, double Recall, double Ndcg, double CrossGlobalRecall, double CrossGlobalNdcg,
        double CrossSegmentRecall, double CrossSegmentNdcg, int[] Customers, int Judged)
    {
        /// <summary>Whether the segments beat the global weights on the cross-fitted validation NDCG (Recall on a tie).</summary>
        public bool Wins => BlendSearch.Better(BundleRankerObjective.Ndcg, CrossSegmentRecall, CrossSegmentNdcg, CrossGlobalRecall, CrossGlobalNdcg);
    }

    /// <summary>Runs the choice on <paramref name="search"/> (the chosen λ and q); <paramref name="global"/> is the
    /// weighting chosen on every validation customer and <paramref name="start"/> the ascent's start for a global choice
    /// on half of them.</summary>
    public static Result Choose(BlendSearch search, BundleRankerSettings global, BundleRankerSettings start, int[] bounds, BundleRankerOptions options,
        int seed)
    {
        int segments = bounds.Length + 1;
        var all = new int[search.Users];
        for (int x = 0; x < all.Length; x++)
            all[x] = x;
        var members = Split(search, all, bounds);
        int judged = 0;
        var settings = new BundleRankerSettings[segments];
        double recall = 0;
        double ndcg = 0;
        for (int g = 0; g < segments; g++)
        {
            if (members[g].Length == 0)
            {
                settings[g] = global;
                continue;
            }
            var (s, r, d, j) = search.Run(global, options.BlendWeights, options.BlendPasses, options.LearnedWeights, members[g]);
            settings[g] = s;
            recall += r * members[g].Length;
            ndcg += d * members[g].Length;
            judged += j;
        }
        int total = Math.Max(1, all.Length);

        var shuffled = (int[])all.Clone();
        new SeededRandom(seed, stream: 0x5345474D).Shuffle<int>(shuffled);
        int half = shuffled.Length / 2;
        int[][] folds = [Sorted(shuffled.AsSpan(0, half)), Sorted(shuffled.AsSpan(half))];
        double gr = 0, gn = 0, sr = 0, sn = 0;
        for (int f = 0; f < 2; f++)
        {
            var fit = folds[f];
            var judge = folds[1 - f];
            var (globalHalf, _, _, j0) = search.Run(start, options.BlendWeights, options.BlendPasses, options.LearnedWeights, fit);
            judged += j0;
            var (r0, d0) = search.Judge(globalHalf, judge);
            gr += r0 * judge.Length;
            gn += d0 * judge.Length;
            var fitSegments = Split(search, fit, bounds);
            var judgeSegments = Split(search, judge, bounds);
            for (int g = 0; g < segments; g++)
            {
                if (judgeSegments[g].Length == 0)
                    continue;
                var chosen = globalHalf;
                if (fitSegments[g].Length > 0)
                {
                    (chosen, _, _, int j1) = search.Run(globalHalf, options.BlendWeights, options.BlendPasses, options.LearnedWeights, fitSegments[g]);
                    judged += j1;
                }
                var (r1, d1) = search.Judge(chosen, judgeSegments[g]);
                sr += r1 * judgeSegments[g].Length;
                sn += d1 * judgeSegments[g].Length;
            }
        }
        var counts = new int[segments];
        for (int g = 0; g < segments; g++)
            counts[g] = members[g].Length;
        return new Result(settings, recall / total, ndcg / total, gr / total, gn / total, sr / total, sn / total, counts, judged);
    }

    private static int[][] Split(BlendSearch search, int[] customers, int[] bounds)
    {
        var lists = new List<int>[bounds.Length + 1];
        for (int g = 0; g < lists.Length; g++)
            lists[g] = [];
        foreach (int x in customers)
            lists[SegmentOf(search.KnownCount(x), bounds)].Add(x);
        var result = new int[lists.Length][];
        for (int g = 0; g < lists.Length; g++)
            result[g] = [.. lists[g]];
        return result;
    }

    private static int[] Sorted(ReadOnlySpan<int> values)
    {
        var a = values.ToArray();
        Array.Sort(a);
        return a;
    }
}
