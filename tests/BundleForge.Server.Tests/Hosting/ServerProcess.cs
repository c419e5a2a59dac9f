using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace BundleForge.Server.Tests.Hosting;

/// <summary>The real <c>bundleforge</c> executable in a child process (train, serve), as an operator runs it.</summary>
internal sealed class ServerProcess : IDisposable
{
    private ServerProcess(Process process, Uri url) { Process = process; Url = url; }

    public Process Process { get; }
    public Uri Url { get; }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "bundleforge.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["BUNDLEFORGE_PSEUDONYM_KEY"] = TestData.Secret;
        psi.Environment["BUNDLEFORGE_ADMIN_KEY"] = TestHost.AdminKey;
        psi.Environment.Remove("BUNDLEFORGE_DEBUG");
        return psi;
    }

    /// <summary>Runs a command to completion.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var p = Process.Start(StartInfo(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        { p.Kill(true); throw new TimeoutException(string.Join(' ', args)); }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts <c>serve --json</c> on a free loopback port and waits for its one JSON line block.</summary>
    public static ServerProcess Serve(string modelDir, string eventsPath) => Serve(modelDir, eventsPath, null);

    /// <summary>Starts <c>serve --json</c> as above, without <c>--events</c> when <paramref name="eventsPath"/> is null
    /// (the default store), in <paramref name="workingDirectory"/> when given.</summary>
    public static ServerProcess Serve(string modelDir, string? eventsPath, string? workingDirectory)
    {
        string[] args = eventsPath is null
            ? ["serve", "--model", modelDir, "--urls", "http://127.0.0.1:0", "--json"]
            : ["serve", "--model", modelDir, "--events", eventsPath, "--urls", "http://127.0.0.1:0", "--json"];
        var psi = StartInfo(args);
        if (workingDirectory is not null)
            psi.WorkingDirectory = workingDirectory;
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
        if (!read.Wait(TimeSpan.FromSeconds(60)) || !read.Result)
        {
            try
            { p.Kill(true); }
            catch (InvalidOperationException) { }
            lock (stderr)
                throw new InvalidOperationException("serve did not start: " + stderr);
        }
        var url = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("urls")[0].GetString()!;
        return new ServerProcess(p, new Uri(url));
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public void KillHard()
    {
        Process.Kill();
        Process.WaitForExit();
    }

    public void Dispose()
    {
        try
        { if (!Process.HasExited) { Process.Kill(true); Process.WaitForExit(); } }
        catch (InvalidOperationException) { }
        Process.Dispose();
    }
}
