using BundleForge.BundleRanking;
using BundleForge.Data;
using BundleForge.Privacy;

namespace BundleForge.Evaluation.Bundles;

/// <summary>Scores a dataset's bundles for its users with a trained <see cref="BundleRankerModel"/>, reading each
/// user's bundles of the splits the model learned from and item interactions from the dataset. The model must have been trained on the same bundles
/// and catalog (the same crosscbr folder). A model with learned vectors finds each user's by pseudonymous key (the
/// machine's <see cref="Pseudonymizer"/> unless another is given, the one training used).</summary>
public sealed class TrainedBundleScorer : IBundleScorer
{
    private readonly BundleRankerModel _model;
    private readonly int[][] _trainBundles;
    private readonly int[][] _items;
    private readonly int[] _vectorRows;

    /// <summary>The scorer of <paramref name="model"/> over <paramref name="data"/>.</summary>
    public TrainedBundleScorer(BundleRankerModel model, Dataset data, Pseudonymizer? pseudonymizer = null, BundlePairs learnedFrom = BundlePairs.Train)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var bundles = data.Bundles ?? throw new DataException("The data has no predefined bundles (use the crosscbr format).", field: "--data");
        if (!bundles.Ids.AsSpan().SequenceEqual(model.BundleIds) || model.ItemCount != data.Items.Count)
            throw new DataException($"The model's bundle ranker was trained on other bundles or another catalog ({model.BundleCount} bundles, {model.ItemCount} items; " +
                $"the data has {bundles.Count} and {data.Items.Count}): evaluate on the folder it was trained on.", field: "--data");
        _model = model;
        var lists = new List<int>?[data.Users.Count];
        foreach (var (u, b) in bundles.Pairs(learnedFrom))
            if ((uint)u < (uint)lists.Length)
                (lists[u] ??= []).Add(b);
        _trainBundles = new int[lists.Length][];
        for (int u = 0; u < lists.Length; u++)
            _trainBundles[u] = lists[u] is { } l ? [.. l.Distinct()] : [];
        _items = BundleRankerTrainer.DistinctItems(data.Sequences, data.Items.Count);
        _vectorRows = VectorRows(model.Vectors, data, pseudonymizer);
    }

    /// <inheritdoc />
    public void Score(int user, Span<float> scores)
    {
        _model.Score(_trainBundles[user], _items[user], scores);
        _model.Vectors?.AddTo(_vectorRows[user], scores);
    }

    /// <summary>The learned-vector row of every dataset user (−1 for none); empty without vectors.</summary>
    public static int[] VectorRows(CustomerVectors? vectors, Dataset data, Pseudonymizer? pseudonymizer)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (vectors is null)
            return [];
        var keys = pseudonymizer ?? Pseudonymizer.FromEnvironment();
        var rows = new int[data.Users.Count];
        for (int u = 0; u < rows.Length; u++)
            rows[u] = vectors.RowOf(keys.Key(data.Users.Ids[u]));
        return rows;
    }
}
