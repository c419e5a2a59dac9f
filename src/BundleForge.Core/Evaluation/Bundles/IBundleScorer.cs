namespace BundleForge.Evaluation.Bundles;

/// <summary>Scores every predefined bundle of the dataset for one user (higher is better); the bundle-ranking
/// protocol ranks by these scores. Called from several threads at once.</summary>
public interface IBundleScorer
{
    /// <summary>Writes the score of each bundle for <paramref name="user"/> into <paramref name="scores"/> (one per
    /// bundle, overwritten).</summary>
    void Score(int user, Span<float> scores);
}
