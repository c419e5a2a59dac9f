using System.Security.Cryptography;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>A <c>mine</c> stopped by SIGTERM or Ctrl-C (SIGINT) in the middle of FP-Growth on dense baskets (billions of
/// frequent itemsets, so only the signal ends it) stops within a moment, removes its temporary itemset file, leaves the
/// earlier itemset file as it was, and says so in one line with the shell's exit code.</summary>
public sealed class MineStopTests : CommandStopTest
{
    [Theory]
    [InlineData(SignalledChild.SigTerm)]
    [InlineData(SignalledChild.SigInt)]
    public async Task A_stopped_mine_leaves_the_earlier_itemset_file_and_no_temporary_file(int signal)
    {
        // 200 baskets, each holding about 29 of 32 items: at min count 1 nearly every subset is frequent.
        var dense = Path.Combine(Dir, "dense.dat");
        var random = new Random(5);
        File.WriteAllLines(dense, Enumerable.Range(0, 200).Select(_ => string.Join(' ', Enumerable.Range(1, 32).Where(_ => random.NextDouble() < 0.9))));
        var itemsets = Path.Combine(Dir, "itemsets.txt");
        var earlier = CliRunner.Run("mine", "--data", dense, "--format", "fimi", "--min-count", "190", "--itemsets-out", itemsets, "--json");
        Assert.True(earlier.ExitCode == 0, earlier.Stderr);
        var before = SHA256.HashData(File.ReadAllBytes(itemsets));

        using var p = new SignalledChild("mine", "--data", dense, "--format", "fimi", "--min-count", "1", "--itemsets-out", itemsets);
        // The itemsets stream to a temporary file beside the target: once it has bytes, the miner is deep in its work.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!p.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2)
               && !Directory.GetFiles(Dir, ".itemsets.txt.*.tmp").Any(f => new FileInfo(f).Length > 0))
            await Task.Delay(20);
        Assert.True(!p.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2), $"mine did not start writing itemsets: {string.Join('\n', p.Lines)}");

        await AssertStops(p, signal, $"mine stopped before it finished: {itemsets} was left as it was");
        Assert.Empty(Directory.GetFiles(Dir, "*.tmp"));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(itemsets)));
    }
}
