namespace BundleForge.Evaluation.Bundles;

/// <summary>Which held-out user–bundle pairs the bundle ranking is judged on.</summary>
public enum BundleRankingSplit
{
    /// <summary><c>user_bundle_tune.txt</c>: the split every setting is chosen on.</summary>
    Tune,

    /// <summary><c>user_bundle_test.txt</c>: the split reported once, when the data has it.</summary>
    Test,
}
