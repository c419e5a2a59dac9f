namespace BundleForge.Data;

/// <summary>Predefined bundles (<c>bundle_id</c> → items) and user–bundle interactions split into train, tune and test.</summary>
public sealed class BundleCatalog
{
    public BundleCatalog(string[] ids, int[] offsets, int[] items, (int User, int Bundle)[] train, (int User, int Bundle)[] tune, (int User, int Bundle)[] test)
    {
        Ids = ids;
        Offsets = offsets;
        Items = items;
        Train = train;
        Tune = tune;
        Test = test;
    }

    public int Count => Ids.Length;
    public string[] Ids { get; }
    public int[] Offsets { get; }
    public int[] Items { get; }
    public ReadOnlySpan<int> this[int bundle] => Items.AsSpan(Offsets[bundle], Offsets[bundle + 1] - Offsets[bundle]);
    public (int User, int Bundle)[] Train { get; }
    public (int User, int Bundle)[] Tune { get; }
    public (int User, int Bundle)[] Test { get; }

    /// <summary>The pairs of <paramref name="which"/> splits (train, or train then tune).</summary>
    public (int User, int Bundle)[] Pairs(BundlePairs which) => which == BundlePairs.TrainAndTune ? [.. Train, .. Tune] : Train;

    /// <summary>The splits a ranker learns from when none is asked for: train and tune when the data has a test split
    /// (test is then the split judged by default, and tune is known history there), else train.</summary>
    public BundlePairs DefaultLearningPairs => Test.Length > 0 ? BundlePairs.TrainAndTune : BundlePairs.Train;

    /// <summary>The name a manifest and the CLI use for <paramref name="which"/>: <c>train</c> or <c>train+tune</c>.</summary>
    public static string Name(BundlePairs which) => which == BundlePairs.TrainAndTune ? "train+tune" : "train";

    /// <summary>The splits named <paramref name="name"/> (<see cref="Name"/>); null for an unknown name.</summary>
    public static BundlePairs? Parse(string? name) => name switch
    {
        "train" => BundlePairs.Train,
        "train+tune" => BundlePairs.TrainAndTune,
        _ => null,
    };
}
