using System.Numerics.Tensors;
using BundleForge.Recommendation;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>TIFU-KNN (Hu et al., "Modeling Personalized Item Frequency Information for Next-basket Recommendation",
/// SIGIR 2020): each user is a time-decayed, grouped sum of their order vectors (<see cref="TifuKnnParameters"/>);
/// the score of an item is α × the user's own value + (1 − α) × the mean value over their k nearest users. Lists are
/// filled with popular items when fewer items score. Parameters are chosen on a validation period by
/// <see cref="Tune"/>, never on the test period.</summary>
public sealed class TifuKnn : INextBasketRanker
{
    private readonly NextBasketSplit _split;
    private readonly TifuUserVectors _vectors;
    private readonly int[] _popular;

    private TifuKnn(NextBasketSplit split, TifuKnnParameters parameters, TifuUserVectors vectors)
    {
        _split = split;
        Parameters = parameters;
        _vectors = vectors;
        _popular = PopularityRanker.OrderOf(split);
    }

    /// <summary>The settings used.</summary>
    public TifuKnnParameters Parameters { get; }

    /// <summary>TIFU-KNN with <paramref name="parameters"/> over the history of <paramref name="split"/>.</summary>
    public static TifuKnn Build(NextBasketSplit split, TifuKnnParameters parameters) =>
        new(split, parameters, TifuUserVectors.Build(split, parameters.GroupSize, parameters.WithinDecay, parameters.GroupDecay));

    /// <inheritdoc />
    public int Rank(int c, Span<int> top)
    {
        var p = Parameters;
        int user = _split.Users[c];
        var neighbours = new int[p.Neighbours];
        int found = _vectors.Nearest(user, neighbours, new float[_vectors.UserCount]);
        var mean = new float[_split.ItemCount];
        foreach (var v in neighbours.AsSpan(0, found))
            _vectors.AddTo(v, 1, mean);
        var own = new float[_split.ItemCount];
        _vectors.AddTo(user, 1, own);
        Blend(own, mean, found, p.Alpha, mean);
        return RankedList.Of(mean, _popular, top);
    }

    /// <summary>α × own + (1 − α) × neighbourSum / neighbours, into <paramref name="into"/>.</summary>
    private static void Blend(ReadOnlySpan<float> own, ReadOnlySpan<float> neighbourSum, int neighbours, double alpha, Span<float> into)
    {
        float share = neighbours > 0 ? (float)((1 - alpha) / neighbours) : 0;
        TensorPrimitives.Multiply(neighbourSum, share, into);
        TensorPrimitives.MultiplyAdd(own, (float)alpha, into, into);
    }

    /// <summary>The setting of <paramref name="grid"/> with the best NDCG@10 on <paramref name="validation"/>, that
    /// NDCG, and how many settings were tried. Each setting of the vectors is built once; the neighbour counts are
    /// summed incrementally and every α blends the same sums, so the search costs little more than its largest k.</summary>
    public static (TifuKnnParameters Best, double Ndcg, int Tried) Tune(NextBasketSplit validation, TifuKnnGrid grid, int threads)
    {
        var ks = grid.Neighbours.Order().ToArray();
        var alphas = grid.Alphas.ToArray();
        int kMax = ks[^1], listLength = Metrics.RankingAccumulator.NextBasket(0).ListLength;
        var popular = PopularityRanker.OrderOf(validation);
        TifuKnnParameters? best = null;
        double bestNdcg = double.NegativeInfinity;
        int tried = 0;
        foreach (var m in grid.GroupSizes)
            foreach (var rb in grid.WithinDecays)
                foreach (var rg in grid.GroupDecays)
                {
                    var vectors = TifuUserVectors.Build(validation, m, rb, rg);
                    int combos = ks.Length * alphas.Length;
                    var lists = new int[combos][];
                    var lengths = new int[combos][];
                    for (int x = 0; x < combos; x++)
                    { lists[x] = new int[validation.CaseCount * listLength]; lengths[x] = new int[validation.CaseCount]; }
                    Parallel.For(0, validation.CaseCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, c =>
                    {
                        int user = validation.Users[c];
                        var neighbours = new int[kMax];
                        int found = vectors.Nearest(user, neighbours, new float[vectors.UserCount]);
                        var own = new float[validation.ItemCount];
                        vectors.AddTo(user, 1, own);
                        var sum = new float[validation.ItemCount];
                        var blend = new float[validation.ItemCount];
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
                            double ndcg = NextBasketEvaluator.Score(validation, lists[x], lengths[x]).Whole.Ndcg;
                            tried++;
                            if (ndcg > bestNdcg)
                            { bestNdcg = ndcg; best = new TifuKnnParameters(m, rb, rg, ks[ki], alphas[ai]); }
                        }
                }
        return (best!, bestNdcg, tried);
    }
}
