using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace BundleForge.Cluster.Tests;

/// <summary>A throw-away PostgreSQL server for the cluster tests: Debian's binaries, a temporary data folder, a free
/// loopback port, run as an unprivileged user (the <c>postgres</c> account Debian's package creates when the tests run
/// as root, since PostgreSQL refuses root), stopped and deleted at the end.</summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly string? _runAs;

    /// <summary>The folder of <c>initdb</c> and <c>pg_ctl</c>, or null when PostgreSQL is not installed.</summary>
    public static string? BinaryFolder()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
            return null;
        foreach (var version in Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(version, "bin", "initdb")))
                return Path.Combine(version, "bin");
        }
        return null;
    }

    /// <summary>Why the cluster tests cannot run here, or null when they can.</summary>
    public static string? MissingReason() => BinaryFolder() is null
        ? "PostgreSQL binaries are absent (/usr/lib/postgresql/*/bin/initdb): install Debian's postgresql package (.ci/deps.sh test does)."
        : null;

    public PostgresServer()
    {
        _bin = BinaryFolder() ?? throw new InvalidOperationException(MissingReason());
        _runAs = Environment.UserName == "root" || geteuid() == 0 ? "postgres" : null;
        _root = Directory.CreateTempSubdirectory("bundleforge-pg-").FullName;
        _data = Path.Combine(_root, "data");
        Port = FreePort();
        if (_runAs is not null)
            Run("chown", "-R", _runAs, _root);
        Run(Tool("initdb"), "-D", _data, "-U", "bundleforge", "--auth=trust", "-E", "UTF8", "--no-sync");
        Run(Tool("pg_ctl"), "-D", _data, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200", "start");
    }

    public int Port { get; }

    /// <summary>A connection string to a database of this server (created on first use).</summary>
    public string ConnectionString(string database)
    {
        using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=bundleforge;Database=postgres;Pooling=false"))
        {
            admin.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", admin);
            exists.Parameters.AddWithValue(database);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
                create.ExecuteNonQuery();
            }
        }
        return $"Host=127.0.0.1;Port={Port};Username=bundleforge;Database={database}";
    }

    private string Tool(string name) => Path.Combine(_bin, name);

    private void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(_runAs is not null && file != "chown" ? "runuser" : file)
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        if (_runAs is not null && file != "chown")
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(_runAs);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        { p.Kill(true); throw new TimeoutException(file); }
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({p.ExitCode}): {stdout.Result} {stderr.Result}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    public void Dispose()
    {
        try
        { Run(Tool("pg_ctl"), "-D", _data, "-m", "immediate", "-w", "stop"); }
        catch (InvalidOperationException) { }
        try
        { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
