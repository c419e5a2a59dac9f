using System.Diagnostics;
using System.Text.Json;

namespace BundleForge.Cli.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "bf-gen-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bundleforge.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Json_PrintsOneObjectWithTheCounts()
    {
        var (code, stdout, _) = Run("generate", "--out", _out, "--users", "50", "--items", "40", "--orders", "300", "--seed", "9", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(50, root.GetProperty("users").GetInt32());
        Assert.Equal(40, root.GetProperty("items").GetInt32());
        Assert.Equal(300, root.GetProperty("orders").GetInt64());
        long rows = root.GetProperty("interaction_rows").GetInt64();
        Assert.Equal(rows + 1, File.ReadLines(Path.Combine(_out, "interactions.csv")).Count());
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(Path.GetFullPath(_out), root.GetProperty("out").GetString());
    }

    [Fact]
    public void InvalidSize_IsAUserErrorWithExitCode2()
    {
        var (code, stdout, stderr) = Run("generate", "--out", _out, "--items", "1", "--json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("items", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
