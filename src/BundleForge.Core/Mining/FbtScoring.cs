namespace BundleForge.Mining;

/// <summary>The frequently-bought-together score (documented in docs/MINING.md). For anchor a and candidate b with
/// n_a, n_b baskets, n_ab co-purchases and N baskets: base rate p = n_b/N, shrunk confidence
/// c̃ = (n_ab + α·p)/(n_a + α), shrunk lift L̃ = c̃/p, score = c̃·(1 − 1/L̃) = c̃ − p. A pair seen twice cannot
/// outrank one seen two hundred times on confidence alone, and popular items gain nothing just for being common.</summary>
public sealed record FbtScoring
{
    /// <summary>α: how many baskets of evidence the prior (the base rate) is worth.</summary>
    public double PseudoCount { get; init; } = 10;

    /// <summary>Fewest co-purchases for an observed result.</summary>
    public int MinCoPurchases { get; init; } = 1;

    /// <summary>Score of recommending <c>b</c> to a basket holding <c>a</c>.</summary>
    public double Score(int pairCount, int anchorCount, int candidateCount, int transactions)
    {
        double p = (double)candidateCount / transactions;
        double shrunk = (pairCount + PseudoCount * p) / (anchorCount + PseudoCount);
        return shrunk - p;
    }

    internal void Validate()
    {
        if (double.IsNaN(PseudoCount) || PseudoCount < 0)
            throw new DataException($"The pseudo-count must be 0 or more (got {PseudoCount}).");
        if (MinCoPurchases < 1)
            throw new DataException($"The minimum co-purchase count must be at least 1 (got {MinCoPurchases}).");
    }
}
