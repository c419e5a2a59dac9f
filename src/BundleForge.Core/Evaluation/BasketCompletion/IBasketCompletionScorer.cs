namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>Scores every catalog item as the missing item of a partial basket (higher is better).</summary>
public interface IBasketCompletionScorer
{
    string Name { get; }

    /// <summary>Writes a score for every item into <paramref name="scores"/> (length = catalog size). Must be thread-safe.</summary>
    void Score(ReadOnlySpan<int> visible, Span<float> scores);
}
