using System.Reflection;
using BundleForge.Tests.Architecture;

namespace BundleForge.Core.Tests.Architecture;

/// <summary>Issue 14: the engine library stays free of the web host, the command line and the neural runtime, so it can
/// be used (and shipped) without them.</summary>
public class ForbiddenReferencesTests
{
    private static bool IsForbidden(string name) =>
        name.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase)
        || name.Equals("System.CommandLine", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("System.CommandLine.", StringComparison.OrdinalIgnoreCase)
        || name.Equals("TorchSharp", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TorchSharp.", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void BundleForgeCore_ReferencesNoAspNetCoreSystemCommandLineOrTorchSharp()
    {
        var core = Assembly.Load("BundleForge.Core");
        var references = core.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.Contains("System.Runtime", references); // the list was read
        var forbidden = references.Where(IsForbidden).ToList();
        Assert.True(forbidden.Count == 0, "BundleForge.Core references " + string.Join(", ", forbidden));

        // The same through the types it uses (base types, signatures, method bodies), which also catches a type that
        // reaches a forbidden assembly by forwarding. A type from an assembly that is not even deployed with the tests
        // shows up as a problem naming it.
        var graph = NamespaceGraph.FromAssembly(core);
        Assert.True(graph.Problems.Count == 0, string.Join("\n", graph.Problems));
        var used = graph.ReferencedAssemblies.Where(IsForbidden).ToList();
        Assert.True(used.Count == 0, "BundleForge.Core uses types from " + string.Join(", ", used));
    }
}
