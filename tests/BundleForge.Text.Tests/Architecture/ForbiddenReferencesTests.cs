using System.Reflection;
using BundleForge.Tests.Architecture;

namespace BundleForge.Text.Tests.Architecture;

/// <summary>Issue 17: the sentence encoder stays in its own project. The core references neither this project nor ONNX
/// Runtime (it reads stored text vectors as plain numbers), and BundleForge.Text, a library, references no web host,
/// command line or TorchSharp.</summary>
public class ForbiddenReferencesTests
{
    private static bool IsHostOrTorch(string name) =>
        name.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase)
        || name.Equals("System.CommandLine", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)
        || name.Equals("BundleForge.Neural", StringComparison.OrdinalIgnoreCase);

    private static bool IsEncoder(string name) =>
        name.Equals("BundleForge.Text", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Microsoft.ML", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("SentenceTransformers", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("FastBertTokenizer", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void BundleForgeCore_ReferencesNeitherTheTextProjectNorOnnxRuntime()
    {
        var core = Assembly.Load("BundleForge.Core");
        var references = core.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.Contains("System.Runtime", references); // the list was read
        Assert.DoesNotContain(references, IsEncoder);
        var graph = NamespaceGraph.FromAssembly(core);
        Assert.DoesNotContain(graph.ReferencedAssemblies, IsEncoder);
    }

    [Fact]
    public void BundleForgeText_UsesOnnxRuntimeAndNoHostCommandLineOrTorch()
    {
        var text = Assembly.Load("BundleForge.Text");
        var graph = NamespaceGraph.FromAssembly(text);
        Assert.True(graph.Problems.Count == 0, string.Join("\n", graph.Problems));
        Assert.Contains(graph.ReferencedAssemblies, a => a.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal)); // the list was read
        var used = graph.ReferencedAssemblies.Where(IsHostOrTorch).ToList();
        Assert.True(used.Count == 0, "BundleForge.Text uses types from " + string.Join(", ", used));
    }
}
