namespace BundleForge.Cli.Tests;

/// <summary>What every stop test shares (<c>train</c>, <c>demo</c>, <c>import</c>, <c>backtest</c>, <c>mine</c>,
/// <c>generate</c>): a temporary folder removed afterwards, and the stop each command promises once it is signalled.</summary>
public abstract class CommandStopTest : IDisposable
{
    /// <summary>The test's own folder under the temporary path.</summary>
    protected string Dir { get; } = CliRunner.TempDir();

    /// <summary>Sends <paramref name="signal"/> to <paramref name="process"/> and asserts the stop: the process ends within
    /// 10 s (a bound for a busy CI machine, not a benchmark: it catches a command that waits for an epoch, a stage or its
    /// whole work to end; 4.3 s was seen for <c>train</c> with a SASRec training on the same 2 cores), with the shell's
    /// exit code (143 for SIGTERM, 130 for SIGINT), <paramref name="line"/> and the signal's name as its last line of
    /// standard error, and nothing that looks like a stack trace. Returns the standard error lines.</summary>
    internal static async Task<List<string>> AssertStops(SignalledChild process, int signal, string line)
    {
        var took = await process.Signal(signal, TimeSpan.FromSeconds(30));
        Assert.True(took is not null, "the command still runs 30 s after the signal");
        Assert.True(took < TimeSpan.FromSeconds(10), $"the command took {took!.Value.TotalSeconds:0.00} s to stop");
        bool interrupt = signal == SignalledChild.SigInt;
        Assert.Equal(interrupt ? 130 : 143, process.ExitCode);
        var lines = process.Lines;
        Assert.Equal($"{line} ({(interrupt ? "SIGINT" : "SIGTERM")}).", lines[^1]);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception"));
        return lines;
    }

    public void Dispose()
    {
        try
        { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
