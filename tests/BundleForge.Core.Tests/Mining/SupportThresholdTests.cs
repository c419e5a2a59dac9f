using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

public class SupportThresholdTests
{
    [Theory]
    [InlineData(0.01, 88162, 882)]
    [InlineData(0.001, 88162, 89)]
    [InlineData(0.0005, 88162, 45)]
    [InlineData(0.0001, 88162, 9)]
    [InlineData(0.5, 10, 5)]
    [InlineData(1.0, 7, 7)]
    [InlineData(1e-9, 7, 1)]
    public void MinCountIsTheCeilingOfSupportTimesTransactions(double support, int transactions, int expected) =>
        Assert.Equal(expected, SupportThreshold.Resolve(support, null, transactions));

    [Fact]
    public void AnExplicitCountWins() => Assert.Equal(9, SupportThreshold.Resolve(null, 9, 100));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void SupportOutsideZeroToOneIsAUserError(double support) =>
        Assert.Throws<DataException>(() => SupportThreshold.Resolve(support, null, 100));

    [Fact]
    public void BadCombinationsAreUserErrors()
    {
        Assert.Throws<DataException>(() => SupportThreshold.Resolve(null, null, 100));
        Assert.Throws<DataException>(() => SupportThreshold.Resolve(0.1, 3, 100));
        Assert.Throws<DataException>(() => SupportThreshold.Resolve(null, 0, 100));
        var empty = Assert.Throws<DataException>(() => SupportThreshold.Resolve(0.1, null, 0));
        Assert.Contains("no baskets", empty.Message);
    }

    [Fact]
    public void SuggestionIsAtLeastTwiceTheSupport()
    {
        double s = SupportThreshold.Suggest(9, 88162);
        Assert.True(s * 88162 >= 18, $"suggested {s}");
        Assert.True(s < 0.0003, $"suggested {s}");
    }
}
