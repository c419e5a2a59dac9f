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
        TifuKnnSearch.Blend(own, mean, found, p.Alpha, mean);
        return RankedList.Of(mean, _popular, top);
    }

    /// <summary>The setting of <paramref name="grid"/> with the best NDCG@10 on <paramref name="validation"/>, that
    /// NDCG, and how many settings were tried (<see cref="TifuKnnSearch"/>).</summary>
    public static (TifuKnnParameters Best, double Ndcg, int Tried) Tune(NextBasketSplit validation, TifuKnnGrid grid, int threads)
    {
        var search = TifuKnnSearch.Run(validation, grid, threads);
        var (best, ndcg) = search.Best();
        return (best, ndcg, search.Trials.Count);
    }
}
