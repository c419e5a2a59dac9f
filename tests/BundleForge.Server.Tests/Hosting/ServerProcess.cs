using System.Diagnostics;
using BundleForge.Tests.Hosting;

namespace BundleForge.Server.Tests.Hosting;

/// <summary>The server suite's way of running the real <c>bundleforge</c> executable (train, serve): its keys and
/// its bounds over the shared <see cref="CliProcess"/>.</summary>
internal static class ServerProcess
{
    public static ProcessStartInfo StartInfo(params string[] args) => CliProcess.StartInfo(TestData.Secret, TestHost.AdminKey, args);

    /// <summary>Runs a command to completion.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args) => CliProcess.Run(StartInfo(args), TimeSpan.FromMinutes(3));

    /// <summary>Starts <c>serve --json</c> on a free loopback port and waits for its one JSON line block.</summary>
    public static CliProcess Serve(string modelDir, string eventsPath) => Serve(modelDir, eventsPath, null);

    /// <summary>Starts <c>serve --json</c> as above, without <c>--events</c> when <paramref name="eventsPath"/> is null
    /// (the default store), in <paramref name="workingDirectory"/> when given.</summary>
    public static CliProcess Serve(string modelDir, string? eventsPath, string? workingDirectory)
    {
        string[] args = eventsPath is null
            ? ["serve", "--model", modelDir, "--urls", "http://127.0.0.1:0", "--json"]
            : ["serve", "--model", modelDir, "--events", eventsPath, "--urls", "http://127.0.0.1:0", "--json"];
        var psi = StartInfo(args);
        if (workingDirectory is not null)
            psi.WorkingDirectory = workingDirectory;
        return CliProcess.Serve(psi, "serve", TimeSpan.FromSeconds(60));
    }
}
