using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BundleForge.Cli.Tests;

/// <summary>A real <c>bundleforge</c> process started with SIGINT at its default disposition (as a terminal's
/// foreground job), its standard error collected line by line, to be sent a signal at a known point of its work;
/// killed on dispose, so a failed assertion leaves no process behind.</summary>
internal sealed partial class SignalledChild : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly List<string> _stderr = [];
    private readonly Task _reading;
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waits = [];

    public SignalledChild(params string[] args) : this(null, args) { }

    public SignalledChild(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        _process = CliRunner.StartInForegroundWith(environment, args);
        _ = _process.StandardOutput.ReadToEndAsync();
        _reading = Task.Run(() =>
        {
            while (_process.StandardError.ReadLine() is { } line)
                lock (_stderr)
                {
                    _stderr.Add(line);
                    foreach (var (match, seen) in _waits)
                        if (match(line))
                            seen.TrySetResult();
                }
        });
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until a line of standard error matches <paramref name="match"/>; false when the process ended or
    /// <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stderr)
        {
            if (_stderr.Any(match))
                return true;
            _waits.Add((match, seen));
        }
        var done = await Task.WhenAny(seen.Task, _reading, Task.Delay(timeout));
        return done == seen.Task || seen.Task.IsCompleted;
    }

    /// <summary>Sends <paramref name="signal"/> and waits up to <paramref name="timeout"/> for the process to end; the time
    /// it took, or null when it still runs.</summary>
    public async Task<TimeSpan?> Signal(int signal, TimeSpan timeout)
    {
        Assert.Equal(0, Kill(_process.Id, signal));
        var clock = Stopwatch.StartNew();
        if (!_process.WaitForExit(timeout))
            return null;
        var took = clock.Elapsed;
        await _reading;
        return took;
    }

    /// <summary>The standard error lines so far.</summary>
    public List<string> Lines
    {
        get
        {
            lock (_stderr)
                return [.. _stderr];
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { } // already ended
        _process.Dispose();
    }
}
