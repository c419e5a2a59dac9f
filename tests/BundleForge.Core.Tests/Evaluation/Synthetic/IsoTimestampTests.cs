using System.Globalization;
using System.Text;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Core.Tests.Evaluation.Synthetic;

public class IsoTimestampTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(951_782_400L)] // 2000-02-29
    [InlineData(1_709_648_530L)]
    [InlineData(4_102_444_799L)] // 2099-12-31T23:59:59
    [InlineData(-86_401L)]
    public void MatchesTheFrameworkFormatting(long unix)
    {
        var buffer = new byte[IsoTimestamp.Length];
        IsoTimestamp.Format(unix, buffer);
        var expected = DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public void MatchesTheFrameworkOnRandomInstants()
    {
        var rng = new SeededRandom(1);
        var buffer = new byte[IsoTimestamp.Length];
        for (int k = 0; k < 2_000; k++)
        {
            long unix = (long)(rng.NextDouble() * 4_000_000_000L);
            IsoTimestamp.Format(unix, buffer);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                Encoding.ASCII.GetString(buffer));
        }
    }
}
