using System.Numerics.Tensors;
using BundleForge.Evaluation.Metrics;
using BundleForge.Splits;

namespace BundleForge.Recommendation;

/// <summary>TIFU-KNN's parameter search on a period (Hu et al., SIGIR 2020; <see cref="TifuKnnParameters"/>): every
/// setting of a <see cref="TifuKnnGrid"/> ranks each case of the split, and its whole-basket NDCG@10 and Recall@20
/// are summed separately over the even and the odd cases, so a setting can be chosen on one half of the customers and
/// judged on the other (<see cref="CrossFitted"/>), as the next-basket ranker is. Each setting of the vectors is built
/// once; the neighbour counts are summed incrementally and every α blends the same sums, so the search costs little
/// more than its largest k. The one TIFU-KNN search: the evaluation's baseline and the ranker's trainer both use it.</summary>
public sealed class TifuKnnSearch
{
    private TifuKnnSearch(TifuKnnTrial[] trials) => Trials = trials;

    /// <summary>What each setting scored, in the grid's order.</summary>
    public IReadOnlyList<TifuKnnTrial> Trials { get; }

    /// <summary>The setting with the best NDCG@10 over all cases (ties: the earlier), and that NDCG.</summary>
    public (TifuKnnParameters Best, double Ndcg) Best()
    {
        int best = 0;
        for (int t = 1; t < Trials.Count; t++)
            if (Trials[t].Ndcg > Trials[best].Ndcg)
                best = t;
        return (Trials[best].Parameters, Trials[best].Ndcg);
    }

    /// <summary>NDCG@10 and Recall@20 over all cases when each half's setting is chosen (by NDCG@10) on the other half.</summary>
    public (double Ndcg, double Recall) CrossFitted()
    {
        int onEven = 0, onOdd = 0;
        for (int t = 1; t < Trials.Count; t++)
        {
            if (Trials[t].Even.Ndcg > Trials[onEven].Even.Ndcg)
                onEven = t;
            if (Trials[t].Odd.Ndcg > Trials[onOdd].Odd.Ndcg)
                onOdd = t;
        }
        var even = Trials[onOdd].Even;
        var odd = Trials[onEven].Odd;
        return CaseWeighted(even, odd);
    }

    internal static (double Ndcg, double Recall) CaseWeighted(HalfScore even, HalfScore odd)
    {
        double n = Math.Max(1, even.Cases + odd.Cases);
        return ((even.Ndcg * even.Cases + odd.Ndcg * odd.Cases) / n, (even.Recall * even.Cases + odd.Recall * odd.Cases) / n);
    }

    /// <summary>Writes α × <paramref name="own"/> + (1 − α) × <paramref name="neighbourSum"/> / <paramref name="neighbours"/>
    /// into <paramref name="into"/>: TIFU-KNN's score of every item.</summary>
    public static void Blend(ReadOnlySpan<float> own, ReadOnlySpan<float> neighbourSum, int neighbours, double alpha, Span<float> into)
    {
        float share = neighbours > 0 ? (float)((1 - alpha) / neighbours) : 0;
        TensorPrimitives.Multiply(neighbourSum, share, into);
        TensorPrimitives.MultiplyAdd(own, (float)alpha, into, into);
    }

    /// <summary>Runs every setting of <paramref name="grid"/> over the cases of <paramref name="split"/>.</summary>
    public static TifuKnnSearch Run(NextBasketSplit split, TifuKnnGrid grid, int threads, CancellationToken cancellation = default)
    {
        var ks = grid.Neighbours.Order().ToArray();
        var alphas = grid.Alphas.ToArray();
        int kMax = ks[^1], listLength = RankingAccumulator.NextBasket(0).ListLength;
        var popular = split.PopularOrder();
        var trials = new List<TifuKnnTrial>();
        foreach (var m in grid.GroupSizes)
            foreach (var rb in grid.WithinDecays)
                foreach (var rg in grid.GroupDecays)
                {
                    var vectors = TifuUserVectors.Build(split, m, rb, rg);
                    int combos = ks.Length * alphas.Length;
                    var lists = new int[combos][];
                    var lengths = new int[combos][];
                    for (int x = 0; x < combos; x++)
                    { lists[x] = new int[split.CaseCount * listLength]; lengths[x] = new int[split.CaseCount]; }
                    Parallel.For(0, split.CaseCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellation }, c =>
                    {
                        int user = split.Users[c];
                        var neighbours = new int[kMax];
                        int found = vectors.Nearest(user, neighbours, new float[vectors.UserCount]);
                        var own = new float[split.ItemCount];
                        vectors.AddTo(user, 1, own);
                        var sum = new float[split.ItemCount];
                        var blend = new float[split.ItemCount];
                        int added = 0;
                        for (int ki = 0; ki < ks.Length; ki++)
                        {
                            int k = Math.Min(ks[ki], found);
                            for (; added < k; added++)
                                vectors.AddTo(neighbours[added], 1, sum);
                            for (int ai = 0; ai < alphas.Length; ai++)
                            {
                                int x = ki * alphas.Length + ai;
                                Blend(own, sum, k, alphas[ai], blend);
                                lengths[x][c] = RankedList.Of(blend, popular, lists[x].AsSpan(c * listLength, listLength));
                            }
                        }
                    });
                    for (int ki = 0; ki < ks.Length; ki++)
                        for (int ai = 0; ai < alphas.Length; ai++)
                        {
                            int x = ki * alphas.Length + ai;
                            var (all, even, odd) = Score(split, lists[x], lengths[x], listLength);
                            trials.Add(new TifuKnnTrial(new TifuKnnParameters(m, rb, rg, ks[ki], alphas[ai]), all.Ndcg, all.Recall, even, odd));
                        }
                }
        return new TifuKnnSearch([.. trials]);
    }

    /// <summary>Whole-basket NDCG@10 and Recall@20 of precomputed lists over all cases, the even and the odd ones.</summary>
    internal static (HalfScore All, HalfScore Even, HalfScore Odd) Score(NextBasketSplit split, int[] lists, int[] lengths, int listLength)
    {
        var all = RankingAccumulator.NextBasket(split.ItemCount);
        var halves = new[] { RankingAccumulator.NextBasket(split.ItemCount), RankingAccumulator.NextBasket(split.ItemCount) };
        for (int c = 0; c < split.CaseCount; c++)
        {
            var list = lists.AsSpan(c * listLength, lengths[c]);
            all.AddList(list, split.TargetsOf(c));
            halves[c % 2].AddList(list, split.TargetsOf(c));
        }
        int evenCases = (split.CaseCount + 1) / 2;
        return (HalfScore.Of(all.ToMetrics(), split.CaseCount), HalfScore.Of(halves[0].ToMetrics(), evenCases), HalfScore.Of(halves[1].ToMetrics(), split.CaseCount - evenCases));
    }
}

/// <summary>One TIFU-KNN setting's whole-basket NDCG@10 and Recall@20 over all cases and over each half.</summary>
public sealed record TifuKnnTrial(TifuKnnParameters Parameters, double Ndcg, double Recall, HalfScore Even, HalfScore Odd);

/// <summary>Whole-basket NDCG@10 and Recall@20 over some cases, and how many.</summary>
public readonly record struct HalfScore(double Ndcg, double Recall, int Cases)
{
    internal static HalfScore Of(RankingMetrics m, int cases) => new(m.Ndcg, m.RecallAt(20), cases);
}
