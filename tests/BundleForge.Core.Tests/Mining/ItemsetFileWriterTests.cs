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
            {
                new FpGrowthMiner().Mine(baskets, 2, new MiningOptions { MinCount = 2 }, w);
                w.Commit();
            }
            var lines = File.ReadAllLines(path).Select(l =>
            {
                var parts = l.Split(" #SUP: ");
                return string.Join(' ', parts[0].Split(' ').Order()) + " #SUP: " + parts[1];
            }).Order().ToArray();
            Assert.Equal(["39 #SUP: 2", "39 48 #SUP: 2", "48 #SUP: 3"], lines);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_run_that_stops_before_the_commit_leaves_the_earlier_file_and_no_temporary_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bf-itemsets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "itemsets.txt");
            File.WriteAllText(path, "earlier\n");
            var baskets = BasketSet.FromLists([[0, 1], [0, 1], [1]]);
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            using (var w = new ItemsetFileWriter(path, ["39", "48"]))
            {
                Assert.Single(Directory.GetFiles(dir, "*.tmp"));
                Assert.ThrowsAny<OperationCanceledException>(() =>
                    new FpGrowthMiner().Mine(baskets, 2, new MiningOptions { MinCount = 1 }, w, cancellation: cancelled.Token));
            }
            Assert.Equal("earlier\n", File.ReadAllText(path));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
