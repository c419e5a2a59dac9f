using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

public class ItemsetFileWriterTests
{
    [Fact]
    public void WritesOneItemsetPerLineWithOriginalIdsAndSupport()
    {
        var path = Path.GetTempFileName();
        try
        {
            var baskets = BasketSet.FromLists([[0, 1], [0, 1], [1]]);
            using (var w = new ItemsetFileWriter(path, ["39", "48"]))
                new FpGrowthMiner().Mine(baskets, 2, new MiningOptions { MinCount = 2 }, w);
            var lines = File.ReadAllLines(path).Select(l =>
            {
                var parts = l.Split(" #SUP: ");
                return string.Join(' ', parts[0].Split(' ').Order()) + " #SUP: " + parts[1];
            }).Order().ToArray();
            Assert.Equal(["39 #SUP: 2", "39 48 #SUP: 2", "48 #SUP: 3"], lines);
        }
        finally { File.Delete(path); }
    }
}
