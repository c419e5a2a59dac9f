using System.Reflection;
using BundleForge.Tests.Architecture;

namespace BundleForge.Core.Tests.Architecture;

/// <summary>Issue 14: the serving path does not reference the evaluation room (metrics, evaluation tasks, the bundle
/// backtest, the simulated shop, the synthetic generator), read from the compiled assembly.</summary>
public class ServingPathTests
{
    private static readonly NamespaceGraph Graph = NamespaceGraph.FromAssembly(Assembly.Load("BundleForge.Core"));

    private static bool In(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    private static List<string> Under(string root) => Graph.Nodes.Where(n => In(n, root)).ToList();

    [Fact]
    public void NoBundlesNamespace_ReferencesAnEvaluationNamespace()
    {
        Assert.Empty(Graph.Problems);
        var bundles = Under("BundleForge.Bundles");
        var evaluation = Under("BundleForge.Evaluation");
        Assert.Contains("BundleForge.Bundles.Engine", bundles);          // the graph was read
        Assert.Contains("BundleForge.Evaluation.Bundles", evaluation);
        var uses = (from b in bundles from e in evaluation where Graph.HasEdge(b, e) select Graph.ExampleOf(b, e)).ToList();
        Assert.True(uses.Count == 0, "The serving path references the evaluation room:\n" + string.Join("\n", uses));
    }

    [Fact]
    public void NothingTheBundlesNamespacesReach_IsAnEvaluationNamespace()
    {
        // Not even through another namespace (e.g. Bundles -> Reports -> Evaluation).
        var reached = new HashSet<string>(Under("BundleForge.Bundles"));
        var queue = new Queue<string>(reached);
        var path = reached.ToDictionary(n => n, n => n);
        while (queue.Count > 0)
        {
            var from = queue.Dequeue();
            foreach (var to in Graph.Nodes)
                if (Graph.HasEdge(from, to) && reached.Add(to))
                { path[to] = path[from] + " -> " + to; queue.Enqueue(to); }
        }
        var bad = reached.Where(n => In(n, "BundleForge.Evaluation")).Select(n => path[n]).ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad));
        Assert.Contains("BundleForge.Data", reached);
    }

    [Fact]
    public void TheCheckSeesReferencesIntoBundles_SoItCanFail()
    {
        // The backtest does use the engine: the same lookup finds that edge.
        Assert.True(Graph.HasEdge("BundleForge.Evaluation.Bundles", "BundleForge.Bundles.Engine"));
    }
}
