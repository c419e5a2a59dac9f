namespace BundleForge.Evaluation.NextItem;

/// <summary>A next-item model opened from a model folder: its scorer and the shop item id of each of its dense items
/// (dense id = index). Disposing it disposes the scorer.</summary>
public sealed class NextItemModel(INextItemScorer scorer, IReadOnlyList<string> itemIds) : IDisposable
{
    /// <summary>Scores every model item after a batch of histories.</summary>
    public INextItemScorer Scorer => scorer;
    /// <summary>The shop item id of each dense model item.</summary>
    public IReadOnlyList<string> ItemIds => itemIds;

    public void Dispose() => scorer.Dispose();
}
