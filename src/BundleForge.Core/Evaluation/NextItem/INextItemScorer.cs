namespace BundleForge.Evaluation.NextItem;

/// <summary>A next-item model as the evaluation sees it: the score of every catalog item after each history of a batch.
/// The sequence models live in a project the core cannot reference (TorchSharp), so hosts hand them in through this.</summary>
public interface INextItemScorer : IDisposable
{
    /// <summary>Items scored: dense ids 0 to <c>ItemCount - 1</c>.</summary>
    int ItemCount { get; }

    /// <summary>Scores a batch of histories. History r is <c>items[offsets[r]..offsets[r + 1]]</c> (dense ids, oldest
    /// first). Row r of <paramref name="scores"/> (<see cref="ItemCount"/> wide) receives every item's score after it,
    /// and row r of <paramref name="top"/> (<paramref name="k"/> wide) its <paramref name="k"/> best items, best first:
    /// the model's own top-k, so coverage counts the lists the model would serve, ties included as it breaks them.</summary>
    void Score(ReadOnlySpan<int> offsets, ReadOnlySpan<int> items, Span<float> scores, int k, Span<int> top);
}
