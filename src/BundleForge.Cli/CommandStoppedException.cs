namespace BundleForge.Cli;

/// <summary>A command stopped by a signal before it finished: <see cref="CommandHost"/> prints the message as its one
/// line and exits with <see cref="ExitCode"/>.</summary>
internal sealed class CommandStoppedException(string message, int exitCode) : OperationCanceledException(message)
{
    public int ExitCode { get; } = exitCode;
}
