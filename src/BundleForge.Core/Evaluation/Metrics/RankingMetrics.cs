namespace BundleForge.Evaluation.Metrics;

/// <summary>Single-target ranking metrics over a set of queries (summed by <see cref="RankingAccumulator"/>): HR@k and
/// NDCG@k at each cut-off, MRR over the full ranking and catalog coverage of the top-<see cref="K"/> lists.</summary>
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

    /// <summary>Share of queries whose target ranked within the top <paramref name="k"/> (a cut-off it was summed at).</summary>
    public double HitRateAt(int k) => _hitRates[IndexOf(k)];

    /// <summary>Mean NDCG@<paramref name="k"/> (a cut-off it was summed at).</summary>
    public double NdcgAt(int k) => _ndcgs[IndexOf(k)];

    /// <summary>The metrics under the names the CLI's JSON uses: <c>hr@k</c> for each cut-off, then <c>ndcg@k</c>,
    /// <c>mrr</c>, <c>coverage@K</c> and the query count under <paramref name="countName"/>; rounded to
    /// <paramref name="digits"/> decimals when given.</summary>
    public Dictionary<string, double> ToDictionary(string countName = "queries", int? digits = null)
    {
        double R(double v) => digits is int places ? Math.Round(v, places) : v;
        var result = new Dictionary<string, double>();
        for (int c = 0; c < _cutoffs.Length; c++)
            result[$"hr@{_cutoffs[c]}"] = R(_hitRates[c]);
        for (int c = 0; c < _cutoffs.Length; c++)
            result[$"ndcg@{_cutoffs[c]}"] = R(_ndcgs[c]);
        result["mrr"] = R(Mrr);
        result[$"coverage@{K}"] = R(Coverage);
        result[countName] = Queries;
        return result;
    }

    private int IndexOf(int k)
    {
        int i = Array.IndexOf(_cutoffs, k);
        return i >= 0 ? i : throw new ArgumentOutOfRangeException(nameof(k), $"No metrics at cut-off {k}; summed at {string.Join(", ", _cutoffs)}.");
    }
}
