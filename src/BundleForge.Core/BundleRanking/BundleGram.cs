namespace BundleForge.BundleRanking;

/// <summary>The bundle-by-bundle Gram matrix EASE is solved on: XᵀX of user–bundle interactions. (Adding the Gram of
/// the users' item overlap to it was measured and lowered Youshu's figures; the item view enters as its own signals,
/// see <see cref="BundleSignals"/>.)</summary>
public static class BundleGram
{
    /// <summary>XᵀX: entry [a,b] counts the users who took both bundles (the diagonal: the takers of each).</summary>
    public static float[] OfInteractions(IReadOnlyList<int[]> userBundles, int bundleCount)
    {
        ArgumentNullException.ThrowIfNull(userBundles);
        var g = new float[(long)bundleCount * bundleCount];
        foreach (var row in userBundles)
            foreach (int a in row)
            {
                long o = (long)a * bundleCount;
                foreach (int b in row)
                    g[o + b] += 1;
            }
        return g;
    }
}
