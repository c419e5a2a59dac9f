namespace BundleForge.Bundles;

/// <summary>Scores two items as a pair: complementarity and substitutability (co-purchase statistics, embedding
/// similarity, or a mix). Must be symmetric and cheap: the composer calls it thousands of times per request.</summary>
public interface IPairScorer
{
    PairEvidence Score(int a, int b);
}
