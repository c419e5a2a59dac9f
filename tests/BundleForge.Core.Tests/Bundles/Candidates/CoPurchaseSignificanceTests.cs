using BundleForge.Bundles.Candidates;

namespace BundleForge.Core.Tests.Bundles.Candidates;

public class CoPurchaseSignificanceTests
{
    [Theory]
    [InlineData(98, 1.1, false)] // the demo's cold-visitor pair: 98 orders where 89 were expected
    [InlineData(131, 2.0, true)] // 131 where 65.5 were expected
    [InlineData(2, 200.0, true)] // two co-purchases where 0.01 were expected
    [InlineData(2, 20.0, false)] // two where 0.1 were expected: P(X ≥ 2) = 0.0047
    [InlineData(0, 0.0, false)]
    [InlineData(500, 1.0, false)]
    [InlineData(40, 0.5, false)]
    public void Decides_as_the_one_sided_test_at_its_level(int coCount, double lift, bool significant) =>
        Assert.Equal(significant, CoPurchaseSignificance.IsSignificant(coCount, lift));

    /// <summary>Against the exact Poisson upper tail: clearly below the level is significant, clearly above is not (the
    /// likelihood-ratio root is an approximation, so a band around the level is left alone).</summary>
    [Fact]
    public void Agrees_with_the_exact_Poisson_tail_away_from_the_level()
    {
        int checkedPairs = 0;
        for (int k = 1; k <= 300; k++)
            foreach (double expected in new[] { 0.001, 0.01, 0.05, 0.2, 0.5, 1, 2, 5, 10, 20, 40, 80, 150, 250 })
            {
                if (expected >= k)
                    continue;
                double p = UpperTail(k, expected);
                bool decided = CoPurchaseSignificance.IsSignificant(k, k / expected);
                if (p < 0.0002)
                { Assert.True(decided, $"k {k}, expected {expected}: exact p {p:g3} but not significant"); checkedPairs++; }
                else if (p > 0.005)
                { Assert.False(decided, $"k {k}, expected {expected}: exact p {p:g3} but significant"); checkedPairs++; }
            }
        Assert.True(checkedPairs > 1000, $"{checkedPairs}");
    }

    /// <summary>P(X ≥ k) for X ~ Poisson(λ), summed upward in log space.</summary>
    private static double UpperTail(int k, double lambda)
    {
        double logFactorial = 0;
        for (int i = 2; i <= k; i++)
            logFactorial += Math.Log(i);
        double sum = 0, logTerm = k * Math.Log(lambda) - lambda - logFactorial;
        for (int j = k; j < k + 2000; j++)
        {
            double term = Math.Exp(logTerm);
            sum += term;
            if (term < sum * 1e-15)
                break;
            logTerm += Math.Log(lambda) - Math.Log(j + 1);
        }
        return sum;
    }
}
