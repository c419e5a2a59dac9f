namespace BundleForge.Data;

/// <summary>Which user–bundle splits of a <see cref="BundleCatalog"/> a ranker learns from and reads as each user's
/// known bundles.</summary>
public enum BundlePairs
{
    /// <summary>The train pairs alone (what the papers' models learn from, and what judging on tune needs).</summary>
    Train,

    /// <summary>The train and the tune pairs: on a folder with a test split, the tune pairs are known history when test
    /// is judged, so a model meant for test (or for serving) learns from them too.</summary>
    TrainAndTune,
}
