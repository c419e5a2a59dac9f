using System.IO.Compression;
using BundleForge.Artifacts;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>A <c>demo</c> stopped by SIGTERM or Ctrl-C (SIGINT) while it trains SASRec stops promptly, removes the model
/// folder's staging, leaves the model folder that was there as it was and writes no report, and says so in one line
/// with the shell's exit code (as a stopped <c>train</c> does).</summary>
public sealed class DemoStopTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();

    [Theory]
    [InlineData(SignalledChild.SigTerm, 143, "SIGTERM")]
    [InlineData(SignalledChild.SigInt, 130, "SIGINT")]
    public async Task A_stopped_demo_leaves_the_old_model_folder_and_no_staging_or_report(int signal, int exitCode, string name)
    {
        // The first weeks of the embedded sample: the demo reaches SASRec in seconds.
        var slice = Path.Combine(_dir, "slice.csv");
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "sample", "online_retail_2011q4.csv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
            File.WriteAllLines(slice, Enumerable.Range(0, 20_001).Select(_ => reader.ReadLine()!));
        var model = Path.Combine(_dir, "model");
        var old = CliRunner.Run("train", "--data", slice, "--models", "baseline,rules", "--out", model, "--json");
        Assert.True(old.ExitCode == 0, old.Stderr);
        var manifest = File.ReadAllBytes(Path.Combine(model, ModelManifest.FileName));

        // Far more epochs than the test waits for: only the signal ends this run.
        using var p = new SignalledChild("demo", "--data", slice, "--out", model, "--sasrec-epochs", "1000000");
        bool inSasRec = await p.WaitForLine(l => l.Contains("train sasrec", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        Assert.True(inSasRec && !p.HasExited, $"demo did not reach SASRec: {string.Join('\n', p.Lines)}");
        Assert.Single(Directory.GetDirectories(_dir, ".model.staging-*"));

        var took = await p.Signal(signal, TimeSpan.FromSeconds(30));
        Assert.True(took is not null, "demo still runs 30 s after the signal");
        // A bound, not a benchmark (as TrainStopTests): it catches a demo that waits for an epoch or a stage to end.
        Assert.True(took < TimeSpan.FromSeconds(10), $"demo took {took!.Value.TotalSeconds:0.00} s to stop");
        Assert.Equal(exitCode, p.ExitCode);
        var lines = p.Lines;
        Assert.Equal($"demo stopped before it finished: {model} was left as it was ({name}).", lines[^1]);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception"));
        Assert.Empty(Directory.GetDirectories(_dir, ".model.staging-*"));
        Assert.Empty(Directory.GetDirectories(_dir, ".model.old-*"));
        Assert.False(File.Exists(Path.Combine(_dir, "model-report.html")));
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(model, ModelManifest.FileName)));
        var reader2 = ModelReader.Open(model); // checks every file against the manifest's SHA-256
        Assert.Equal(["baseline", "catalog", "rules"], reader2.Manifest.Components.Keys.Where(k => k != "summary").Order());
    }

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
