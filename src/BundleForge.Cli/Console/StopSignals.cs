using System.Runtime.InteropServices;

namespace BundleForge.Cli.Console;

/// <summary>SIGTERM and SIGINT (Ctrl-C) as a cancellation token, so a command that writes files stops at its next
/// check and removes what it staged instead of being killed halfway; a second signal stops the process at once.</summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True while the command has nothing on disk to clean up (reading its input, say): a signal then ends the
    /// process at once, after the message, instead of waiting for the next cancellation check.</summary>
    public bool StopAtOnce { get; set; }

    /// <summary>The signal received, or null.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>What the command says when it stops; set it before the work starts.</summary>
    public string Message { get; set; } = "stopped";

    /// <summary>128 + the signal's number, the shell's convention for a process ended by a signal.</summary>
    public int ExitCode => Signal == PosixSignal.SIGINT ? 130 : 143;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
            return; // a second signal: the default handling ends the process now
        Signal = context.Signal;
        if (StopAtOnce)
        {
            System.Console.Error.WriteLine(Line());
            System.Console.Error.Flush();
            context.Cancel = true;
            Environment.Exit(ExitCode);
        }
        context.Cancel = true;
        _source.Cancel();
    }

    /// <summary>The one line printed when the command stops: the message and the signal.</summary>
    public string Line() => $"{Message} ({(Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM")}).";

    /// <summary>The exception that ends the command with <see cref="Line"/> and <see cref="ExitCode"/>.</summary>
    public CommandStoppedException Stopped() => new(Line(), ExitCode);

    /// <summary>Runs <paramref name="work"/> with <see cref="Token"/>. Whatever it throws once a signal has arrived ends
    /// the command as <see cref="Stopped"/>: the cancellation itself, or the error of work cut short from outside (an
    /// import's running DuckDB statement is interrupted).</summary>
    public T Run<T>(Func<CancellationToken, T> work)
    {
        try
        {
            return work(Token);
        }
        catch (Exception e) when (Signal is not null && e is not CommandStoppedException)
        {
            throw Stopped();
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations)
            r.Dispose();
        _source.Dispose();
    }
}
