namespace BundleForge.Cli.Tests.Commands;

/// <summary>A <c>backtest</c> stopped by SIGTERM or Ctrl-C (SIGINT) stops within a moment wherever it is: while it trains
/// its SASRec signal on the training period (the temporary model folder is removed) or while it simulates the shop
/// (checked per session); it writes nothing, and says so in one line with the shell's exit code.</summary>
public sealed class BacktestStopTests : CommandStopTest
{
    [Theory]
    [InlineData(SignalledChild.SigTerm, "training")]
    [InlineData(SignalledChild.SigInt, "simulation")]
    public async Task A_stopped_backtest_leaves_no_temporary_model_folder(int signal, string stage)
    {
        var gen = Path.Combine(Dir, "shop");
        var made = CliRunner.Run("generate", "--out", gen, "--users", "300", "--items", "80", "--orders", "3000", "--seed", "3", "--json");
        Assert.True(made.ExitCode == 0, made.Stderr);
        // The backtest's temporary model folder (and its staging folder while it trains) goes under TMPDIR: a folder of
        // this test's own, so other runs do not count.
        var temp = Path.Combine(Dir, "tmp");
        Directory.CreateDirectory(temp);
        string[] data = ["backtest", "--data", Path.Combine(gen, "interactions.csv"), "--catalog", Path.Combine(gen, "items.csv")];
        string[] args = stage == "training"
            ? [.. data, "--signals", "sasrec", "--sasrec-minutes", "30", "--sim-users", "0"]
            // Far more rounds than the test waits for: only the signal ends this run.
            : [.. data, "--signals", "none", "--sim-rounds", "1000000"];
        using var p = new SignalledChild(new Dictionary<string, string> { ["TMPDIR"] = temp }, args);
        bool reached = await p.WaitForLine(
            l => l.Contains(stage == "training" ? "sasrec" : "simulate offers", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        Assert.True(reached && !p.HasExited, $"backtest did not reach the {stage}: {string.Join('\n', p.Lines)}");
        if (stage == "training")
            Assert.Single(Directory.GetDirectories(temp, "*bundleforge-backtest-*"));

        await AssertStops(p, signal, "backtest stopped before it finished: no temporary files were left");
        Assert.Empty(Directory.GetDirectories(temp, "*bundleforge-backtest-*"));
    }
}
