namespace BundleForge.Evaluation.Metrics;

/// <summary>Ranking metrics over a set of queries (summed by <see cref="RankingAccumulator"/>): HR@k and NDCG@k at each
/// cut-off, MRR and catalog coverage of the top-<see cref="K"/> lists; for basket queries also Recall@k and
/// personalisation.</summary>
public sealed class RankingMetrics
{
    private readonly int[] _cutoffs;
    private readonly double[] _hitRates;
    private readonly double[] _ndcgs;

    internal RankingMetrics(int queries, int[] cutoffs, double[] hitRates, double[] ndcgs, double mrr, int k, double coverage)
    {
        Queries = queries;
        _cutoffs = cutoffs;
        _hitRates = hitRates;
        _ndcgs = ndcgs;
        Mrr = mrr;
        K = k;
        Coverage = coverage;
    }

    /// <summary>Queries (users, baskets) counted, unrankable ones included.</summary>
    public int Queries { get; }
    /// <summary>The cut-offs HR and NDCG were summed at, ascending.</summary>
    public IReadOnlyList<int> Cutoffs => _cutoffs;
    /// <summary>The main cut-off: <see cref="HitRate"/>, <see cref="Ndcg"/> and <see cref="Coverage"/> refer to it.</summary>
    public int K { get; }
    /// <summary>HR@<see cref="K"/>: share of queries whose target ranked within the top K.</summary>
    public double HitRate => HitRateAt(K);
    /// <summary>Mean NDCG@<see cref="K"/>.</summary>
    public double Ndcg => NdcgAt(K);
    /// <summary>Mean reciprocal rank over the full ranking (unrankable targets count 0).</summary>
    public double Mrr { get; }
    /// <summary>Distinct items in some query's top-<see cref="K"/> list ÷ catalog size.</summary>
    public double Coverage { get; }

    /// <summary>Mean Recall@k at each cut-off; null unless basket queries were summed.</summary>
    internal double[]? Recalls { get; init; }

    /// <summary>1 − mean share of top-<see cref="K"/> items two queries' lists have in common (over all pairs of basket
    /// queries); null unless basket queries were summed.</summary>
    public double? Personalisation { get; init; }

    /// <summary>True when the metrics come from basket queries (Recall@k and personalisation are known; MRR only
    /// counts hits within the list).</summary>
    public bool IsBasket => Recalls is not null;

    /// <summary>Mean share of the relevant items ranked within the top <paramref name="k"/> (a cut-off it was summed
    /// at); equals HR@k for single-target queries.</summary>
    public double RecallAt(int k) => Recalls is { } r ? r[IndexOf(k)] : HitRateAt(k);

    /// <summary>Share of queries whose target ranked within the top <paramref name="k"/> (a cut-off it was summed at).</summary>
    public double HitRateAt(int k) => _hitRates[IndexOf(k)];

    /// <summary>Mean NDCG@<paramref name="k"/> (a cut-off it was summed at).</summary>
    public double NdcgAt(int k) => _ndcgs[IndexOf(k)];

    /// <summary>The metrics under the names the CLI's JSON uses: <c>hr@k</c> for each cut-off, then <c>ndcg@k</c>,
    /// (basket queries: <c>recall@k</c>), <c>mrr</c> (basket queries: <c>mrr@N</c>, hits within the list),
    /// <c>coverage@K</c> (basket queries: <c>personalisation@K</c>) and the query count under
    /// <paramref name="countName"/>; rounded to <paramref name="digits"/> decimals when given.</summary>
    public Dictionary<string, double> ToDictionary(string countName = "queries", int? digits = null)
    {
        double R(double v) => digits is int places ? Math.Round(v, places) : v;
        var result = new Dictionary<string, double>();
        for (int c = 0; c < _cutoffs.Length; c++)
            result[$"hr@{_cutoffs[c]}"] = R(_hitRates[c]);
        for (int c = 0; c < _cutoffs.Length; c++)
            result[$"ndcg@{_cutoffs[c]}"] = R(_ndcgs[c]);
        if (Recalls is { } recalls)
        {
            for (int c = 0; c < _cutoffs.Length; c++)
                result[$"recall@{_cutoffs[c]}"] = R(recalls[c]);
            result[$"mrr@{_cutoffs[^1]}"] = R(Mrr);
        }
        else
            result["mrr"] = R(Mrr);
        result[$"coverage@{K}"] = R(Coverage);
        if (Personalisation is double p)
            result[$"personalisation@{K}"] = R(p);
        result[countName] = Queries;
        return result;
    }

    private int IndexOf(int k)
    {
        int i = Array.IndexOf(_cutoffs, k);
        return i >= 0 ? i : throw new ArgumentOutOfRangeException(nameof(k), $"No metrics at cut-off {k}; summed at {string.Join(", ", _cutoffs)}.");
    }
}
