using System.Reflection;
using BundleForge.Tests.Architecture;

namespace BundleForge.Text.Tests.Architecture;

/// <summary>Issue 14 for BundleForge.Text: no cycles between its namespaces, read from the compiled assembly (method
/// bodies included).</summary>
public class NamespaceCycleTests
{
    [Fact]
    public void BundleForgeText_HasNoCyclesBetweenNamespaces()
    {
        // Loaded by name, not through one of its types, so moving types between namespaces never breaks this test.
        var graph = NamespaceGraph.FromAssembly(Assembly.Load("BundleForge.Text"));
        Assert.True(graph.TypeCount > 0, $"read {graph.TypeCount} types in {graph.Nodes.Count} namespaces");
        var report = graph.Report();
        Assert.True(report.Length == 0, report);
    }
}
