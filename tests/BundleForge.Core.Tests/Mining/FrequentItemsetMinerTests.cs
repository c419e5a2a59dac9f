using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

public class FrequentItemsetMinerTests
{
    public static TheoryData<int> Seeds()
    {
        var d = new TheoryData<int>();
        for (int s = 1; s <= 60; s++)
            d.Add(s);
        return d;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void FpGrowthAndAprioriEqualBruteForceOnRandomDatabases(int seed)
    {
        var rng = new Random(seed * 7919);
        int items = 4 + rng.Next(9);
        var baskets = MiningFixtures.RandomBaskets(seed, items, 5 + rng.Next(60), 1 + rng.Next(8));
        foreach (int minCount in new[] { 1, 2, 3, Math.Max(1, baskets.Count / 5) })
        {
            var expected = MiningFixtures.BruteForce(baskets, items, minCount);
            Assert.Equal(expected, MiningFixtures.Mine(new FpGrowthMiner(), baskets, items, minCount));
            Assert.Equal(expected, MiningFixtures.Mine(new AprioriMiner(), baskets, items, minCount));
            // The parallel first-level split, forced on even for tiny trees.
            Assert.Equal(expected, MiningFixtures.Mine(new FpGrowthMiner { ParallelNodeThreshold = 0 }, baskets, items, minCount, threads: 3));
        }
    }

    [Theory]
    [InlineData(11, 1)]
    [InlineData(12, 2)]
    [InlineData(13, 3)]
    [InlineData(14, 4)]
    public void MaxSizeKeepsExactlyTheSmallItemsets(int seed, int maxSize)
    {
        var baskets = MiningFixtures.RandomBaskets(seed, 10, 80, 9);
        var expected = MiningFixtures.BruteForce(baskets, 10, 2, maxSize);
        Assert.Equal(expected, MiningFixtures.Mine(new FpGrowthMiner(), baskets, 10, 2, maxSize));
        Assert.Equal(expected, MiningFixtures.Mine(new AprioriMiner(), baskets, 10, 2, maxSize));
        Assert.Equal(expected, MiningFixtures.Mine(new FpGrowthMiner { ParallelNodeThreshold = 0 }, baskets, 10, 2, maxSize, threads: 2));
    }

    [Fact]
    public void LargerRandomDatabaseAgreesBetweenMinersAcrossThreads()
    {
        var baskets = MiningFixtures.RandomBaskets(99, 40, 3000, 12);
        var fp = MiningFixtures.Mine(new FpGrowthMiner(), baskets, 40, 15);
        var fpParallel = MiningFixtures.Mine(new FpGrowthMiner { ParallelNodeThreshold = 0 }, baskets, 40, 15, threads: 4);
        var ap = MiningFixtures.Mine(new AprioriMiner(), baskets, 40, 15);
        Assert.True(fp.Count > 200, $"the test should find many itemsets, found {fp.Count}");
        Assert.Equal(ap, fp);
        Assert.Equal(ap, fpParallel);
    }

    [Fact]
    public void TransactionsSharingALongPrefixBuildTheRightTree()
    {
        // 605 frequent items need 10 bits a rank, so the global tree's sort key holds only the first 6 ranks: baskets
        // 2k and 2k+1 share those and differ in the 7th, which exercises the full comparison inside equal keys.
        var lists = new List<int[]>();
        for (int b = 0; b < 600; b++)
            lists.Add([0, 1, 2, 3, 4, 5 + b / 2, 305 + b % 300]);
        var baskets = BasketSet.FromLists(lists);
        var fp = MiningFixtures.Mine(new FpGrowthMiner(), baskets, 605, 2);
        // Every subset of the 5 shared items (31), and each of the 600 twice-seen items with any of those subsets (600 × 32).
        Assert.Equal(31 + 600 * 32, fp.Count);
        Assert.Equal(600, fp["0 1 2 3 4"]);
        Assert.Equal(2, fp["0 1 2 3 4 5"]);
        Assert.Equal(MiningFixtures.Mine(new AprioriMiner(), baskets, 605, 2), fp);
    }

    [Fact]
    public void TheGlobalTreeIsThePrefixTrieOfTheRankedTransactions()
    {
        // Same shape as above with three baskets per shared 6-rank key, two of them equal: unless the baskets behind
        // one sort key are ordered in full, equal paths end up apart and the tree stores a prefix twice.
        var rng = new Random(5);
        var lists = new List<int[]>();
        for (int g = 0; g < 300; g++)
        {
            int a = 305 + rng.Next(300), c = 305 + rng.Next(300);
            lists.Add([0, 1, 2, 3, 4, 5 + g, a]);
            lists.Add([0, 1, 2, 3, 4, 5 + g, c]);
            lists.Add([0, 1, 2, 3, 4, 5 + g, a]);
        }
        var order = Enumerable.Range(0, lists.Count).OrderBy(_ => rng.Next()).ToArray();
        var baskets = BasketSet.FromLists(order.Select(i => lists[i]).ToList());
        var ranking = ItemRanking.Build(baskets, 605, 1);
        var tree = new FpTree();
        var guard = new MemoryGuard(MemoryGuard.DefaultBudgetBytes, 1, baskets.Count);
        FpGrowthMiner.BuildGlobalTree(baskets, ranking, tree, guard);
        var prefixes = new HashSet<string>();
        for (int b = 0; b < baskets.Count; b++)
        {
            var ranks = baskets[b].ToArray().Select(i => ranking.RankOf[i]).Order().ToArray();
            for (int len = 1; len <= ranks.Length; len++)
                prefixes.Add(string.Join(' ', ranks.Take(len)));
        }
        Assert.Equal(prefixes.Count + 1, tree.NodeCount);
    }

    [Theory]
    [InlineData("fpgrowth")]
    [InlineData("apriori")]
    public void EmptyBasketsCountAsTransactionsButHoldNothing(string name)
    {
        var baskets = BasketSet.FromLists([[0, 1], [], [], [0]]);
        int minCount = SupportThreshold.Resolve(0.5, null, baskets.Count);
        Assert.Equal(2, minCount);
        var found = MiningFixtures.Mine(Miner(name), baskets, 2, minCount);
        Assert.Equal(new Dictionary<string, int> { ["0"] = 2 }, found);
    }

    [Theory]
    [InlineData("fpgrowth")]
    [InlineData("apriori")]
    public void OneItemDatabase(string name)
    {
        var baskets = BasketSet.FromLists([[0], [0], []]);
        Assert.Equal(new Dictionary<string, int> { ["0"] = 2 }, MiningFixtures.Mine(Miner(name), baskets, 1, 1));
        Assert.Empty(MiningFixtures.Mine(Miner(name), baskets, 1, 3));
    }

    [Theory]
    [InlineData("fpgrowth")]
    [InlineData("apriori")]
    public void IdenticalBasketsYieldEverySubsetWithFullSupport(string name)
    {
        var baskets = BasketSet.FromLists(Enumerable.Repeat(new[] { 0, 1, 2, 3 }, 5).ToList());
        var found = MiningFixtures.Mine(Miner(name), baskets, 4, 5);
        Assert.Equal(15, found.Count);
        Assert.All(found.Values, s => Assert.Equal(5, s));
        Assert.Equal(6, MiningFixtures.Mine(Miner(name), baskets, 4, 5, maxSize: 2).Keys.Count(k => k.Contains(' ')));
    }

    [Theory]
    [InlineData("fpgrowth")]
    [InlineData("apriori")]
    public void SupportExactlyAtTheThresholdIsIncludedAndOneBelowIsNot(string name)
    {
        // {0,1} in 3 baskets, {0,2} in 2, 10 baskets: support 0.3 → min count 3.
        var baskets = BasketSet.FromLists([[0, 1], [0, 1], [0, 1, 2], [0, 2], [3], [3], [3], [], [], []]);
        int minCount = SupportThreshold.Resolve(0.3, null, baskets.Count);
        Assert.Equal(3, minCount);
        var found = MiningFixtures.Mine(Miner(name), baskets, 4, minCount);
        Assert.Equal(new Dictionary<string, int> { ["0"] = 4, ["1"] = 3, ["3"] = 3, ["0 1"] = 3 }, found);
    }

    [Theory]
    [InlineData("fpgrowth")]
    [InlineData("apriori")]
    public void DuplicateItemsInsideABasketCountOnce(string name)
    {
        // Built directly so the duplicates survive (FromLists would remove them).
        var baskets = new BasketSet([0, 4, 6, 7], [0, 0, 1, 1, 0, 1, 0], [-1, -1, -1], [0, 1, 2]);
        var found = MiningFixtures.Mine(Miner(name), baskets, 2, 1);
        Assert.Equal(new Dictionary<string, int> { ["0"] = 3, ["1"] = 2, ["0 1"] = 2 }, found);
    }

    [Fact]
    public void LongBasketsAreBoundedByMaxSize()
    {
        // One 30-item basket twice: 2^30 itemsets without a bound; with --max-size 2 only 30 + 435.
        var baskets = BasketSet.FromLists([Enumerable.Range(0, 30).ToArray(), Enumerable.Range(0, 30).ToArray(), [1, 2]]);
        var counter = new ItemsetCountingSink();
        var stats = new FpGrowthMiner().Mine(baskets, 30, new MiningOptions { MinCount = 2, MaxSize = 2 }, counter);
        Assert.Equal(30 + 435, stats.Itemsets);
        Assert.Equal(30, counter.BySize[1]);
        Assert.Equal(435, counter.BySize[2]);
    }

    [Fact]
    public void MemoryGuardStopsWithAClearMessageNamingAHigherSupport()
    {
        var baskets = MiningFixtures.RandomBaskets(5, 40, 5000, 15);
        var guard = new MemoryGuard(64 * 1024, 2, baskets.Count);
        var e = Assert.Throws<DataException>(() =>
            new FpGrowthMiner().Mine(baskets, 40, new MiningOptions { MinCount = 2, Guard = guard }, null));
        Assert.Contains("--min-support", e.Message);
        Assert.Contains("--max-size", e.Message);
        Assert.Equal(0, guard.UsedBytes);
    }

    [Fact]
    public void MemoryGuardAlsoBoundsTheCollectedItemsets()
    {
        var baskets = BasketSet.FromLists(Enumerable.Repeat(Enumerable.Range(0, 16).ToArray(), 3).ToList());
        var guard = new MemoryGuard(1 << 20, 1, baskets.Count);
        var collected = new FrequentItemsets(guard);
        Assert.Throws<DataException>(() => new FpGrowthMiner().Mine(baskets, 16, new MiningOptions { MinCount = 1, Guard = guard }, collected));
    }

    [Fact]
    public void CollectedItemsetsAnswerSupportLookups()
    {
        var baskets = MiningFixtures.RandomBaskets(3, 8, 100, 6);
        var collected = new FrequentItemsets();
        new FpGrowthMiner().Mine(baskets, 8, new MiningOptions { MinCount = 3 }, collected);
        var expected = MiningFixtures.BruteForce(baskets, 8, 3);
        Assert.Equal(expected.Count, collected.Count);
        foreach (var (key, support) in expected)
            Assert.Equal(support, collected.SupportOf(key.Split(' ').Select(int.Parse).ToArray()));
        Assert.Equal(-1, collected.SupportOf([0, 1, 2, 3, 4, 5, 6, 7]));
    }

    private static IItemsetMiner Miner(string name) => name == "apriori" ? new AprioriMiner() : new FpGrowthMiner();
}
