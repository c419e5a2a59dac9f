using System.Diagnostics;
using System.Runtime.InteropServices;
using BundleForge.Artifacts;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>A <c>train</c> stopped by SIGTERM or Ctrl-C (SIGINT) in the middle of item2vec stops promptly, removes its
/// staging folder, leaves the previous model as it was, and says so in one line with the shell's exit code.</summary>
public sealed partial class TrainStopTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly string _dir = CliRunner.TempDir();
    private int _child = -1;

    [Theory]
    [InlineData(SigTerm, 143, "SIGTERM")]
    [InlineData(SigInt, 130, "SIGINT")]
    public async Task A_stopped_train_leaves_no_staging_folder_and_the_old_model_loading(int signal, int exitCode, string name)
    {
        var gen = Path.Combine(_dir, "shop");
        var made = CliRunner.Run("generate", "--out", gen, "--users", "300", "--items", "80", "--orders", "3000", "--seed", "3", "--json");
        Assert.True(made.ExitCode == 0, made.Stderr);
        var model = Path.Combine(_dir, "model");
        string[] data = ["--data", Path.Combine(gen, "interactions.csv"), "--catalog", Path.Combine(gen, "items.csv"), "--out", model];
        var old = CliRunner.Run(["train", .. data, "--models", "baseline,rules", "--json"]);
        Assert.True(old.ExitCode == 0, old.Stderr);
        var manifest = File.ReadAllBytes(Path.Combine(model, ModelManifest.FileName));

        // Far more epochs than the test waits for: only the signal ends this run.
        using var p = CliRunner.StartInForeground(["train", .. data, "--models", "baseline,item2vec", "--epochs", "1000000"]);
        _child = p.Id;
        _ = p.StandardOutput.ReadToEndAsync();
        var stderr = new List<string>();
        var inItem2Vec = new TaskCompletionSource();
        var reading = Task.Run(() =>
        {
            while (p.StandardError.ReadLine() is { } line)
            {
                lock (stderr)
                    stderr.Add(line);
                // Progress lines on redirected stderr: "[ 1.2s] item2vec  1.0% epoch ...", once it has passed an epoch.
                if (line.Contains("item2vec") && line.Contains("epoch") && !line.Contains("epoch 1/"))
                    inItem2Vec.TrySetResult();
            }
        });
        var started = await Task.WhenAny(inItem2Vec.Task, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(started == inItem2Vec.Task && !p.HasExited, $"train did not reach item2vec: {Lines(stderr)}");
        Assert.Single(Staging());

        Assert.Equal(0, Kill(p.Id, signal));
        var clock = Stopwatch.StartNew();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "train still runs 30 s after the signal");
        var stopped = clock.Elapsed;
        await reading;

        // A bound, not a benchmark (0.12 s measured on a loaded machine: docs/BENCHMARKS.md "Small robustness figures"): it
        // catches a train that waits for an epoch or a whole stage to end, with room for a busy CI machine (4.3 s seen
        // while a SASRec training shared the 2 cores).
        Assert.True(stopped < TimeSpan.FromSeconds(10), $"train took {stopped.TotalSeconds:0.00} s to stop");
        Assert.Equal(exitCode, p.ExitCode);
        var last = stderr[^1];
        Assert.StartsWith("train stopped before it finished", last);
        Assert.Contains(name, last);
        Assert.DoesNotContain(stderr, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception"));
        Assert.Empty(Staging());
        Assert.Empty(Directory.GetDirectories(_dir, ".model.old-*"));
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(model, ModelManifest.FileName)));
        var reader = ModelReader.Open(model); // checks every file against the manifest's SHA-256
        Assert.Equal(["baseline", "catalog", "rules"], reader.Manifest.Components.Keys.Where(k => k != "summary").Order());
        var fbt = CliRunner.Run("fbt", "--model", model, "--item", "P00001", "--json");
        Assert.True(fbt.ExitCode == 0, fbt.Stderr);
    }

    private string[] Staging() => Directory.GetDirectories(_dir, ".model.staging-*");

    private static string Lines(List<string> lines)
    {
        lock (lines)
            return string.Join('\n', lines);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public void Dispose()
    {
        // A failed assertion must not leave the million-epoch train running after the test.
        if (_child > 0)
        {
            try
            {
                using var left = Process.GetProcessById(_child);
                if (left.ProcessName == "dotnet") // not a later process that reused the id
                    left.Kill(entireProcessTree: true);
            }
            catch (ArgumentException) { } // already ended
            catch (InvalidOperationException) { }
        }
        try
        { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
