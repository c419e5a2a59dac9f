using BundleForge.Data;

namespace BundleForge.Evaluation.Bundles;

/// <summary>The fixed formula <c>evaluate --task bundle-ranking</c> used before the learned ranker, kept as the
/// <c>item_affinity</c> baseline: a bundle's score is the user's mean affinity to its items, where affinity counts the
/// user's own item interactions (weight 1) and the items of the user's train bundles (weight
/// <see cref="BundleItemWeight"/>), plus <see cref="OverlapWeight"/> when the bundle shares any item with them, plus a
/// small popularity prior. Averaging over the bundle's size favours tiny bundles with one matching item, which is why
/// it ranks far below popularity on Youshu.</summary>
public sealed class ItemAffinityBaseline : IBundleScorer
{
    private readonly BundleCatalog _bundles;
    private readonly UserSequences _sequences;
    private readonly List<int>[] _trainBundles;
    private readonly float[] _popularity;
    private readonly int[][] _itemBundles;
    private readonly int _itemCount;

    /// <summary>Weight of the items of the user's train bundles in the affinity.</summary>
    public float BundleItemWeight { get; init; } = 0.5f;

    /// <summary>Added when the bundle shares an item with the user's affinity.</summary>
    public float OverlapWeight { get; init; } = 0.3f;

    /// <summary>Weight of the log popularity (train takers, scaled to [0, 1]).</summary>
    public float PopularityWeight { get; init; } = 0.01f;

    /// <summary>The baseline over <paramref name="data"/>'s predefined bundles and pairs of the <paramref name="known"/>
    /// splits (train by default).</summary>
    public ItemAffinityBaseline(Dataset data, BundlePairs known = BundlePairs.Train)
    {
        ArgumentNullException.ThrowIfNull(data);
        _bundles = data.Bundles ?? throw new DataException("the dataset has no predefined bundles (use the crosscbr format)", field: "--data");
        int users = data.Users.Count;
        _itemCount = data.Items.Count;
        _sequences = data.Sequences;
        _trainBundles = new List<int>[users];
        for (int u = 0; u < users; u++)
            _trainBundles[u] = [];
        var count = new int[_bundles.Count];
        foreach (var (u, b) in _bundles.Pairs(known))
        {
            if ((uint)u < (uint)users)
                _trainBundles[u].Add(b);
            count[b]++;
        }
        int max = Math.Max(1, count.Length == 0 ? 0 : count.Max());
        _popularity = new float[count.Length];
        for (int b = 0; b < count.Length; b++)
            _popularity[b] = MathF.Log(1 + count[b]) / MathF.Log(1 + max);
        var lists = new List<int>[_itemCount];
        for (int i = 0; i < _itemCount; i++)
            lists[i] = [];
        for (int b = 0; b < _bundles.Count; b++)
            foreach (int i in _bundles[b])
                if ((uint)i < (uint)_itemCount)
                    lists[i].Add(b);
        _itemBundles = new int[_itemCount][];
        for (int i = 0; i < _itemCount; i++)
            _itemBundles[i] = [.. lists[i]];
    }

    /// <inheritdoc />
    public void Score(int user, Span<float> scores)
    {
        var affinity = new Dictionary<int, float>();
        for (int k = _sequences.Offsets[user]; k < _sequences.Offsets[user + 1]; k++)
            affinity[_sequences.Items[k]] = 1f;
        foreach (int b in _trainBundles[user])
            foreach (int i in _bundles[b])
            {
                affinity.TryGetValue(i, out float a);
                affinity[i] = Math.Max(a, BundleItemWeight);
            }
        // Items shared with other bundles carry the user's affinity over to those bundles.
        var via = new float[_bundles.Count];
        foreach (var (i, a) in affinity)
            if ((uint)i < (uint)_itemCount)
                foreach (int b in _itemBundles[i])
                    via[b] += a;
        for (int b = 0; b < scores.Length; b++)
        {
            int size = _bundles.Offsets[b + 1] - _bundles.Offsets[b];
            float mean = size > 0 ? via[b] / size : 0;
            scores[b] = mean + OverlapWeight * MathF.Min(1, via[b]) + PopularityWeight * _popularity[b];
        }
    }
}
