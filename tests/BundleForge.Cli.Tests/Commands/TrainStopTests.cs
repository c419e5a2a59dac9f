using BundleForge.Artifacts;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>A <c>train</c> stopped by SIGTERM or Ctrl-C (SIGINT) in the middle of item2vec stops promptly, removes its
/// staging folder, leaves the previous model as it was, and says so in one line with the shell's exit code.</summary>
public sealed class TrainStopTests : CommandStopTest
{
    [Theory]
    [InlineData(SignalledChild.SigTerm)]
    [InlineData(SignalledChild.SigInt)]
    public async Task A_stopped_train_leaves_no_staging_folder_and_the_old_model_loading(int signal)
    {
        var gen = Path.Combine(Dir, "shop");
        var made = CliRunner.Run("generate", "--out", gen, "--users", "300", "--items", "80", "--orders", "3000", "--seed", "3", "--json");
        Assert.True(made.ExitCode == 0, made.Stderr);
        var model = Path.Combine(Dir, "model");
        string[] data = ["--data", Path.Combine(gen, "interactions.csv"), "--catalog", Path.Combine(gen, "items.csv"), "--out", model];
        var old = CliRunner.Run(["train", .. data, "--models", "baseline,rules", "--json"]);
        Assert.True(old.ExitCode == 0, old.Stderr);
        var manifest = File.ReadAllBytes(Path.Combine(model, ModelManifest.FileName));

        // Far more epochs than the test waits for: only the signal ends this run. Progress lines on redirected stderr
        // ("[ 1.2s] item2vec  1.0% epoch ...") show when it has passed an epoch.
        using var p = new SignalledChild(["train", .. data, "--models", "baseline,item2vec", "--epochs", "1000000"]);
        bool inItem2Vec = await p.WaitForLine(l => l.Contains("item2vec") && l.Contains("epoch") && !l.Contains("epoch 1/"), TimeSpan.FromMinutes(2));
        Assert.True(inItem2Vec && !p.HasExited, $"train did not reach item2vec: {string.Join('\n', p.Lines)}");
        Assert.Single(Staging());

        // 0.12 s measured on a loaded machine: docs/BENCHMARKS.md "Small robustness figures".
        await AssertStops(p, signal, $"train stopped before it finished: {model} was left as it was");
        Assert.Empty(Staging());
        Assert.Empty(Directory.GetDirectories(Dir, ".model.old-*"));
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(model, ModelManifest.FileName)));
        var reader = ModelReader.Open(model); // checks every file against the manifest's SHA-256
        Assert.Equal(["baseline", "catalog", "rules"], reader.Manifest.Components.Keys.Where(k => k != "summary").Order());
        var fbt = CliRunner.Run("fbt", "--model", model, "--item", "P00001", "--json");
        Assert.True(fbt.ExitCode == 0, fbt.Stderr);
    }

    private string[] Staging() => Directory.GetDirectories(Dir, ".model.staging-*");
}
