using BundleForge.BundleRanking;
using BundleForge.Data;

namespace BundleForge.Core.Tests.BundleRanking;

public class BundleGramTests
{
    [Fact]
    public void The_item_overlap_gram_through_co_occurrence_equals_FtF_built_from_each_users_overlap()
    {
        // 4 bundles over 6 items; 5 users' distinct items.
        int[] bundleOffsets = [0, 2, 5, 6, 8];
        int[] bundleItems = [0, 1, 1, 2, 3, 4, 0, 5];
        int[][] users = [[0, 1], [1, 3, 4], [2], [0, 5, 4], []];
        const int items = 6;
        const float exponent = 0.5f;
        var offsets = new int[users.Length + 1];
        for (int u = 0; u < users.Length; u++)
            offsets[u + 1] = offsets[u] + users[u].Length;
        var baskets = new BasketSet(offsets, [.. users.SelectMany(x => x)], [.. Enumerable.Range(0, users.Length)], new long[users.Length]);

        var gram = BundleGram.OfItemOverlap(baskets, items, bundleOffsets, bundleItems, exponent, threads: 2);

        int n = bundleOffsets.Length - 1;
        var f = new double[users.Length, n];
        for (int u = 0; u < users.Length; u++)
            for (int b = 0; b < n; b++)
            {
                int size = bundleOffsets[b + 1] - bundleOffsets[b];
                int overlap = bundleItems[bundleOffsets[b]..bundleOffsets[b + 1]].Count(users[u].Contains);
                f[u, b] = overlap / Math.Pow(size, exponent);
            }
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double expected = 0;
                for (int u = 0; u < users.Length; u++)
                    expected += f[u, a] * f[u, b];
                Assert.Equal(expected, gram[a * n + b], 5);
            }
        Assert.NotEqual(0, gram[0 * n + 3]); // bundles 0 and 3 share item 0 only through users
    }

    [Fact]
    public void The_interaction_gram_counts_shared_takers()
    {
        var g = BundleGram.OfInteractions([[0, 2], [2], [0, 1, 2]], 3);
        Assert.Equal([2, 1, 2, 1, 1, 1, 2, 1, 3], g);
    }
}
