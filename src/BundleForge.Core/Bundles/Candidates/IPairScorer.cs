namespace BundleForge.Bundles.Candidates;

/// <summary>Scores two items as a pair: complementarity and substitutability (co-purchase statistics, embedding
/// similarity, or a mix). Must be symmetric and cheap: the composer calls it thousands of times per request.</summary>
public interface IPairScorer
{
    PairEvidence Score(int a, int b);

    /// <summary>True for a new product (no sales of its own; its pair evidence is borrowed): the composer holds at most
    /// one per bundle and marks it, whichever source proposed it. None by default.</summary>
    bool IsNewProduct(int item) => false;

    /// <summary>The evidence of <paramref name="a"/> with each of <paramref name="others"/> (the values of
    /// <see cref="Score"/>); implementations answer a whole row faster than pair by pair (one scatter of the item's
    /// co-purchases instead of a search per pair).</summary>
    void ScoreRow(int a, ReadOnlySpan<int> others, Span<PairEvidence> into)
    {
        for (int k = 0; k < others.Length; k++)
            into[k] = Score(a, others[k]);
    }
}
