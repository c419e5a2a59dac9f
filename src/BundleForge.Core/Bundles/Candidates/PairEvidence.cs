namespace BundleForge.Bundles.Candidates;

/// <summary>What a pair scorer knows about two items: how much they complement each other (0–1), how much they
/// replace each other (0–1), and the raw co-purchase facts behind it when there are any.</summary>
public readonly record struct PairEvidence(float Complementarity, float Substitutability, int CoCount = 0, float Lift = 0, float Confidence = 0)
{
    /// <summary>No evidence either way.</summary>
    public static PairEvidence None => default;
}
