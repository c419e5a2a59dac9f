using System.Reflection;
using BundleForge.Tests.Architecture;

namespace BundleForge.Core.Tests.Architecture;

/// <summary>Issue 14: no cycles between the namespaces of BundleForge.Core, read from the compiled assembly (method
/// bodies included), so a maintainer sees which type reference to move when one appears.</summary>
public class NamespaceCycleTests
{
    [Fact]
    public void BundleForgeCore_HasNoCyclesBetweenNamespaces()
    {
        // Loaded by name, not through one of its types, so moving types between namespaces never breaks this test.
        var graph = NamespaceGraph.FromAssembly(Assembly.Load("BundleForge.Core"));
        Assert.True(graph.TypeCount > 0 && graph.Nodes.Count > 1, $"read {graph.TypeCount} types in {graph.Nodes.Count} namespaces");
        var report = graph.Report();
        Assert.True(report.Length == 0, report);
    }
}
