namespace BundleForge.Evaluation.NextBasket;

/// <summary>A recommender as the next-basket evaluation sees it, prepared for one split: the ranked list of each
/// case. Called from several threads at once.</summary>
public interface INextBasketRanker
{
    /// <summary>Writes case <paramref name="c"/>'s distinct items, best first, into <paramref name="top"/>; returns
    /// how many were written (at most its length).</summary>
    int Rank(int c, Span<int> top);
}
