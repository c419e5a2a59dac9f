using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace BundleForge.Tests.Hosting;

/// <summary>The real <c>bundleforge</c> executable in a child process, as an operator runs it: a command run to
/// completion, or <c>serve --json</c> waited for until it says where it listens. The server and cluster suites share
/// it, each with its own keys and arguments.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly StringBuilder _stderr;

    private CliProcess(Process process, Uri url, string name, StringBuilder stderr)
    {
        _stderr = stderr;
        Process = process;
        Url = url;
        Name = name;
    }

    public Process Process { get; }
    public Uri Url { get; }

    /// <summary>What the suite calls this process in its messages ("serve", "B").</summary>
    public string Name { get; }

    /// <summary>Standard error so far (the server's log).</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "bundleforge.dll");

    /// <summary>The CLI with <paramref name="args"/>, the given pseudonym secret and admin key, and without
    /// <c>BUNDLEFORGE_DEBUG</c> (a test must see what a user sees: one line, no stack trace).</summary>
    public static ProcessStartInfo StartInfo(string pseudonymKey, string adminKey, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["BUNDLEFORGE_PSEUDONYM_KEY"] = pseudonymKey;
        psi.Environment["BUNDLEFORGE_ADMIN_KEY"] = adminKey;
        psi.Environment.Remove("BUNDLEFORGE_DEBUG");
        return psi;
    }

    /// <summary>Runs <paramref name="psi"/> to completion; killed and a <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(ProcessStartInfo psi, TimeSpan timeout)
    {
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(true);
            throw new TimeoutException(string.Join(' ', psi.ArgumentList));
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts <paramref name="psi"/> (a <c>serve ... --json</c>) and waits up to <paramref name="startTimeout"/>
    /// for its JSON block, whose first URL it listens on; kills it and throws with its standard error otherwise.</summary>
    public static CliProcess Serve(ProcessStartInfo psi, string name, TimeSpan startTimeout)
    {
        var p = Process.Start(psi)!;
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        var json = new StringBuilder();
        var read = Task.Run(() =>
        {
            string? line;
            while ((line = p.StandardOutput.ReadLine()) is not null)
            {
                json.AppendLine(line);
                if (line == "}")
                    return true;
            }
            return false;
        });
        if (!read.Wait(startTimeout) || !read.Result)
        {
            try
            { p.Kill(true); }
            catch (InvalidOperationException) { }
            lock (stderr)
                throw new InvalidOperationException($"{name} did not start (bundleforge {string.Join(' ', psi.ArgumentList.Skip(1))}): {stderr}");
        }
        var url = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("urls")[0].GetString()!;
        return new CliProcess(p, new Uri(url), name, stderr);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no leaving a cluster politely.</summary>
    public void KillHard()
    {
        Process.Kill();
        Process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(true);
                Process.WaitForExit();
            }
        }
        catch (InvalidOperationException) { }
        Process.Dispose();
    }
}
