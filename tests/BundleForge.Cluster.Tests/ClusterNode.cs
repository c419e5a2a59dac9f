using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace BundleForge.Cluster.Tests;

/// <summary>One <c>bundleforge serve --cluster</c> node in its own process on 127.0.0.1, as an operator runs it.</summary>
public sealed class ClusterNode : IDisposable
{
    public const string Secret = "cluster-tests-secret";
    public const string AdminKey = "cluster-tests-admin-key";

    private readonly StringBuilder _stderr;

    private ClusterNode(Process process, Uri url, string name, StringBuilder stderr)
    {
        _stderr = stderr;
        Process = process;
        Url = url;
        Name = name;
    }

    public Process Process { get; }
    public Uri Url { get; }
    public string Name { get; }

    public string Log
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "bundleforge.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["BUNDLEFORGE_PSEUDONYM_KEY"] = Secret;
        psi.Environment["BUNDLEFORGE_ADMIN_KEY"] = AdminKey;
        psi.Environment.Remove("BUNDLEFORGE_DEBUG");
        return psi;
    }

    /// <summary>Runs a command of the CLI to completion.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var p = Process.Start(StartInfo(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        { p.Kill(true); throw new TimeoutException(string.Join(' ', args)); }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts a node of cluster <paramref name="clusterId"/> serving <paramref name="model"/> and waits until it listens.</summary>
    public static ClusterNode Start(string name, string model, string connectionString, string clusterId)
    {
        var psi = StartInfo("serve", "--model", model, "--urls", "http://127.0.0.1:0", "--cluster", connectionString, "--json");
        psi.Environment["BUNDLEFORGE_Cluster__ClusterId"] = clusterId;
        psi.Environment["BUNDLEFORGE_Cluster__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["BUNDLEFORGE_Cluster__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
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
        if (!read.Wait(TimeSpan.FromSeconds(120)) || !read.Result)
        {
            try
            { p.Kill(true); }
            catch (InvalidOperationException) { }
            lock (stderr)
                throw new InvalidOperationException($"node {name} did not start: {stderr}");
        }
        var url = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("urls")[0].GetString()!;
        return new ClusterNode(p, new Uri(url), name, stderr);
    }

    /// <summary>SIGKILL: no shutdown hooks, no leaving the cluster politely.</summary>
    public void KillHard()
    {
        Process.Kill();
        Process.WaitForExit();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
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
