using System.Diagnostics;
using System.Text.Json;

namespace BundleForge.Cli.Tests;

/// <summary>Runs the real <c>bundleforge</c> executable in a child process, as a user would.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "bundleforge.dll");

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(3), args);

    public static Result Run(TimeSpan timeout, params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        { p.Kill(true); throw new TimeoutException("bundleforge " + string.Join(' ', args)); }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts the executable with extra environment variables (test hooks).</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args) => Start(environment, [], args);

    /// <summary>Starts the executable with SIGINT at its default disposition, as an interactive shell's foreground job
    /// has it. A test run launched in the background (nohup, `&amp;`) inherits SIGINT ignored, and the runtime then
    /// leaves it ignored in every child (as it should: a background job is not meant to get Ctrl-C).</summary>
    public static Process StartInForeground(params string[] args) => StartInForegroundWith(null, args);

    /// <summary><see cref="StartInForeground(string[])"/> with extra environment variables (test hooks).</summary>
    public static Process StartInForegroundWith(IReadOnlyDictionary<string, string>? environment, params string[] args) => Start(environment, ["env", "--default-signal=INT"], args);

    private static Process Start(IReadOnlyDictionary<string, string>? environment, string[] launcher, string[] args)
    {
        var psi = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        for (int i = 1; i < launcher.Length; i++)
            psi.ArgumentList.Add(launcher[i]);
        if (launcher.Length > 0)
            psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["BUNDLEFORGE_PSEUDONYM_KEY"] = "test-secret-0123456789";
        psi.Environment.Remove("BUNDLEFORGE_DEBUG");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        return Process.Start(psi)!;
    }

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "bf-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
