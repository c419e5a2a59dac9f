namespace BundleForge.Evaluation.NextItem;

/// <summary>A next-item model opened from a model folder: its scorer and the shop item id of each of its dense items
/// (dense id = index). Disposing it disposes the scorer.</summary>
public sealed class NextItemModel(INextItemScorer scorer, IReadOnlyList<string> itemIds) : IDisposable
{
    public INextItemScorer Scorer => scorer;
    public IReadOnlyList<string> ItemIds => itemIds;

    public void Dispose() => scorer.Dispose();
}
