using System.IO.Compression;
using BundleForge.Artifacts;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>A <c>demo</c> stopped by SIGTERM or Ctrl-C (SIGINT) while it trains SASRec stops promptly, removes the model
/// folder's staging, leaves the model folder that was there as it was and writes no report, and says so in one line
/// with the shell's exit code (as a stopped <c>train</c> does).</summary>
public sealed class DemoStopTests : CommandStopTest
{
    [Theory]
    [InlineData(SignalledChild.SigTerm)]
    [InlineData(SignalledChild.SigInt)]
    public async Task A_stopped_demo_leaves_the_old_model_folder_and_no_staging_or_report(int signal)
    {
        // The first weeks of the embedded sample: the demo reaches SASRec in seconds.
        var slice = Path.Combine(Dir, "slice.csv");
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "sample", "online_retail_2011q4.csv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
            File.WriteAllLines(slice, Enumerable.Range(0, 20_001).Select(_ => reader.ReadLine()!));
        var model = Path.Combine(Dir, "model");
        var old = CliRunner.Run("train", "--data", slice, "--models", "baseline,rules", "--out", model, "--json");
        Assert.True(old.ExitCode == 0, old.Stderr);
        var manifest = File.ReadAllBytes(Path.Combine(model, ModelManifest.FileName));

        // Far more epochs than the test waits for: only the signal ends this run.
        using var p = new SignalledChild("demo", "--data", slice, "--out", model, "--sasrec-epochs", "1000000");
        bool inSasRec = await p.WaitForLine(l => l.Contains("train sasrec", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        Assert.True(inSasRec && !p.HasExited, $"demo did not reach SASRec: {string.Join('\n', p.Lines)}");
        Assert.Single(Directory.GetDirectories(Dir, ".model.staging-*"));

        await AssertStops(p, signal, $"demo stopped before it finished: {model} was left as it was");
        Assert.Empty(Directory.GetDirectories(Dir, ".model.staging-*"));
        Assert.Empty(Directory.GetDirectories(Dir, ".model.old-*"));
        Assert.False(File.Exists(Path.Combine(Dir, "model-report.html")));
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(model, ModelManifest.FileName)));
        var reader2 = ModelReader.Open(model); // checks every file against the manifest's SHA-256
        Assert.Equal(["baseline", "catalog", "rules"], reader2.Manifest.Components.Keys.Where(k => k != "summary").Order());
    }
}
