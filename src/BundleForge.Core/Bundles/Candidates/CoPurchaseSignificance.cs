namespace BundleForge.Bundles.Candidates;

/// <summary>Whether two items are bought together significantly more often than chance: a one-sided test of the
/// co-purchase count k against its expectation λ under independence (k / lift), at level <see cref="Level"/>. The
/// statistic is the signed root of the Poisson likelihood ratio, r = √(2·(k·ln(k/λ) − (k − λ))), which is close to a
/// standard normal under independence even for small counts (Dunning's log-likelihood ratio for co-occurrences);
/// r ≥ <see cref="CriticalValue"/> is the same as the lower confidence bound of the lift lying above 1. The level is
/// strict because a bundle search screens thousands of pairs per answer.</summary>
public static class CoPurchaseSignificance
{
    /// <summary>One-sided level of the test: 0.1 %.</summary>
    public const double Level = 0.001;

    /// <summary>The standard normal's upper 0.1 % point.</summary>
    public const double CriticalValue = 3.090232;

    /// <summary>True when the pair's co-purchases are significantly above independence; false without co-purchase
    /// facts (a pair scored from text or vectors alone).</summary>
    public static bool IsSignificant(in PairEvidence e) => IsSignificant(e.CoCount, e.Lift);

    /// <summary>The test on <paramref name="coCount"/> baskets holding both items and their <paramref name="lift"/>
    /// (observed / expected).</summary>
    public static bool IsSignificant(int coCount, double lift)
    {
        if (coCount <= 0 || !(lift > 1) || !double.IsFinite(lift))
            return false;
        double k = coCount, expected = k / lift;
        double g = 2 * (k * Math.Log(lift) - (k - expected));
        return g >= CriticalValue * CriticalValue;
    }
}
