using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

public class AssociationRuleTests
{
    // 10 baskets: bread in 6, butter in 5, both in 4, jam in 2 (always with bread).
    private static readonly BasketSet Shop = BasketSet.FromLists(
    [
        [0, 1], [0, 1], [0, 1], [0, 1, 2], [0, 2], [1], [3], [3], [], [0],
    ]);

    private static List<AssociationRule> Rules(RuleOptions options, int minCount = 2)
    {
        var sets = new FrequentItemsets();
        new FpGrowthMiner().Mine(Shop, 4, new MiningOptions { MinCount = minCount }, sets);
        return AssociationRuleGenerator.Generate(sets, Shop.Count, options);
    }

    [Fact]
    public void MetricsMatchAHandComputedExample()
    {
        var rule = Rules(new RuleOptions { MinConfidence = 0 }).Single(r => r.Antecedent.SequenceEqual([0]) && r.Consequent.SequenceEqual([1]));
        // bread ⇒ butter: n_ab = 4, n_a = 6, n_b = 5, N = 10.
        Assert.Equal(4, rule.Count);
        Assert.Equal(0.4, rule.Support, 12);
        Assert.Equal(4.0 / 6, rule.Confidence, 12);
        Assert.Equal(4.0 / 6 / 0.5, rule.Lift, 12);              // 1.3333
        Assert.Equal(0.4 - 0.6 * 0.5, rule.Leverage, 12);         // 0.1
        Assert.Equal((1 - 0.5) / (1 - 4.0 / 6), rule.Conviction, 12); // 1.5
    }

    [Fact]
    public void ARuleThatNeverFailsHasInfiniteConviction()
    {
        var rule = Rules(new RuleOptions { MinConfidence = 0 }).Single(r => r.Antecedent.SequenceEqual([2]) && r.Consequent.SequenceEqual([0]));
        Assert.Equal(1.0, rule.Confidence);
        Assert.True(double.IsPositiveInfinity(rule.Conviction));
        Assert.Equal(1.0 / 0.6, rule.Lift, 12);
    }

    [Fact]
    public void RulesEqualEveryQualifyingSplitOfEveryItemset()
    {
        for (int seed = 1; seed <= 15; seed++)
        {
            var baskets = MiningFixtures.RandomBaskets(seed, 8, 120, 6);
            var sets = new FrequentItemsets();
            new FpGrowthMiner().Mine(baskets, 8, new MiningOptions { MinCount = 3 }, sets);
            double minConf = 0.1 * (seed % 8);
            var rules = AssociationRuleGenerator.Generate(sets, baskets.Count, new RuleOptions { MinConfidence = minConf });
            var expected = new HashSet<string>();
            for (int i = 0; i < sets.Count; i++)
            {
                var items = sets[i].ToArray();
                if (items.Length < 2)
                    continue;
                for (int mask = 1; mask < (1 << items.Length) - 1; mask++)
                {
                    var ante = items.Where((_, j) => (mask >> j & 1) != 0).ToArray();
                    var cons = items.Where((_, j) => (mask >> j & 1) == 0).ToArray();
                    if ((double)sets.SupportAt(i) / sets.SupportOf(ante) >= minConf)
                        expected.Add($"{string.Join(' ', ante)}=>{string.Join(' ', cons)}");
                }
            }
            Assert.Equal(expected, rules.Select(r => $"{string.Join(' ', r.Antecedent)}=>{string.Join(' ', r.Consequent)}").ToHashSet());
        }
    }

    [Fact]
    public void FiltersOnConfidenceLiftAndTopPerAntecedent()
    {
        var all = Rules(new RuleOptions { MinConfidence = 0 });
        var confident = Rules(new RuleOptions { MinConfidence = 0.7 });
        Assert.All(confident, r => Assert.True(r.Confidence >= 0.7));
        Assert.Equal(all.Count(r => r.Confidence >= 0.7), confident.Count);

        var lifted = Rules(new RuleOptions { MinConfidence = 0, MinLift = 1.2 });
        Assert.All(lifted, r => Assert.True(r.Lift >= 1.2));
        Assert.Equal(all.Count(r => r.Lift >= 1.2), lifted.Count);

        var top1 = Rules(new RuleOptions { MinConfidence = 0, TopPerAntecedent = 1 });
        Assert.Equal(all.Select(r => string.Join(' ', r.Antecedent)).Distinct().Count(), top1.Count);
        // bread's best consequent is butter (4/6) rather than jam (2/6).
        Assert.Equal([1], top1.Single(r => r.Antecedent.SequenceEqual([0])).Consequent);
    }

    [Fact]
    public void RuleGenerationStopsAtTheMemoryGuardWithAUserError()
    {
        var baskets = BasketSet.FromLists(Enumerable.Repeat(Enumerable.Range(0, 12).ToArray(), 3).ToList());
        var sets = new FrequentItemsets();
        new FpGrowthMiner().Mine(baskets, 12, new MiningOptions { MinCount = 1 }, sets);
        var guard = new MemoryGuard(100_000, 1, baskets.Count);
        var e = Assert.Throws<DataException>(() => AssociationRuleGenerator.Generate(sets, baskets.Count, new RuleOptions { MinConfidence = 0 }, guard));
        Assert.Contains("association rules", e.Message);
    }

    [Fact]
    public void BadRuleOptionsAreUserErrors()
    {
        Assert.Throws<DataException>(() => Rules(new RuleOptions { MinConfidence = 1.5 }));
        Assert.Throws<DataException>(() => Rules(new RuleOptions { MinLift = -1 }));
    }
}
