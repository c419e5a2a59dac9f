using BundleForge.BundleRanking;

namespace BundleForge.Core.Tests.BundleRanking;

public class BundleGramTests
{
    [Fact]
    public void The_interaction_gram_counts_shared_takers()
    {
        var g = BundleGram.OfInteractions([[0, 2], [2], [0, 1, 2]], 3);
        Assert.Equal([2, 1, 2, 1, 1, 1, 2, 1, 3], g);
    }
}
