using System.Security.Cryptography;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>A <c>generate</c> stopped by SIGTERM or Ctrl-C (SIGINT) while it simulates orders removes its staging folder
/// and leaves the output folder as it was (an earlier shop's files byte for byte, other files untouched) or absent, and
/// says so in one line with the shell's exit code.</summary>
public sealed class GenerateStopTests : CommandStopTest
{
    [Theory]
    [InlineData(SignalledChild.SigTerm, true)]
    [InlineData(SignalledChild.SigInt, false)]
    public async Task A_stopped_generate_leaves_the_folder_as_it_was(int signal, bool folderExists)
    {
        var shop = Path.Combine(Dir, "shop");
        var before = new Dictionary<string, byte[]>();
        if (folderExists)
        {
            var small = CliRunner.Run("generate", "--out", shop, "--users", "50", "--items", "20", "--orders", "200", "--seed", "3", "--json");
            Assert.True(small.ExitCode == 0, small.Stderr);
            File.WriteAllText(Path.Combine(shop, "notes.txt"), "the merchant's own file");
            foreach (var f in Directory.GetFiles(shop))
                before[Path.GetFileName(f)] = SHA256.HashData(File.ReadAllBytes(f));
            Assert.Equal(7, before.Count);
        }

        // Five million orders (about 7.5 million lines): far more than the few hundred milliseconds the test waits, while
        // drawing how many each customer places (before the simulation starts) takes seconds, not minutes.
        using var p = new SignalledChild("generate", "--out", shop, "--users", "20000", "--items", "1000", "--orders", "5000000", "--seed", "4");
        bool simulating = await p.WaitForLine(l => l.Contains("simulate orders", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        Assert.True(simulating && !p.HasExited, $"generate did not reach the order simulation: {string.Join('\n', p.Lines)}");
        Assert.Single(Directory.GetDirectories(Dir, ".shop.staging-*"));

        await AssertStops(p, signal, $"generate stopped before it finished: {shop} was left as it was");
        Assert.Empty(Directory.GetDirectories(Dir, ".shop.staging-*"));
        if (!folderExists)
        {
            Assert.False(Directory.Exists(shop));
            return;
        }
        var after = Directory.GetFiles(shop).ToDictionary(f => Path.GetFileName(f), f => SHA256.HashData(File.ReadAllBytes(f)));
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, hash) in before)
            Assert.True(hash.AsSpan().SequenceEqual(after[name]), name);
    }
}
