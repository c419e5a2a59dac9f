using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BundleForge.Tests.Hosting;

namespace BundleForge.Cluster.Tests;

/// <summary>The cluster suite's way of running the real <c>bundleforge</c> executable: its keys, its bounds, and
/// <c>serve --cluster</c> nodes on 127.0.0.1 as an operator starts them, over the shared <see cref="CliProcess"/>.</summary>
public static class ClusterNode
{
    public const string Secret = "cluster-tests-secret";
    public const string AdminKey = "cluster-tests-admin-key";

    /// <summary>Runs a command of the CLI to completion.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args) =>
        CliProcess.Run(CliProcess.StartInfo(Secret, AdminKey, args), TimeSpan.FromMinutes(5));

    /// <summary>Starts a node of cluster <paramref name="clusterId"/> serving <paramref name="model"/> and waits until it
    /// listens; <paramref name="settings"/> are more <c>Cluster</c> settings for it (name, value).</summary>
    public static CliProcess Start(string name, string model, string connectionString, string clusterId, params (string Name, string Value)[] settings)
    {
        var psi = CliProcess.StartInfo(Secret, AdminKey, ["serve", "--model", model, "--urls", "http://127.0.0.1:0", "--cluster", connectionString, "--json"]);
        psi.Environment["BUNDLEFORGE_Cluster__ClusterId"] = clusterId;
        psi.Environment["BUNDLEFORGE_Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        psi.Environment["BUNDLEFORGE_Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings)
            psi.Environment["BUNDLEFORGE_Cluster__" + key] = value;
        return CliProcess.Serve(psi, name, TimeSpan.FromSeconds(120));
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
