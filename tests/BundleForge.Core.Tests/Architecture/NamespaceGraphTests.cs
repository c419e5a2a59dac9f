using BundleForge.Tests.Architecture;

namespace BundleForge.Core.Tests.Architecture;

/// <summary>The cycle guard can fail: the finder on hand-made graphs, and the builder on compiled fixture types whose
/// namespace references are visible only inside method bodies.</summary>
public class NamespaceGraphTests
{
    private static NamespaceGraph Graph(params (string From, string To)[] edges)
    {
        var g = new NamespaceGraph("hand-made");
        foreach (var (from, to) in edges)
            g.AddEdge(from, to, from.ToLowerInvariant() + ".X", to.ToLowerInvariant() + ".Y");
        return g;
    }

    [Fact]
    public void ACycleIsFoundAndPrintedAsAChainWithAnExamplePerStep()
    {
        var g = Graph(("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E"));
        Assert.Equal([["A", "B", "C"]], g.StronglyConnectedComponents());
        Assert.Equal([["A", "B", "C"]], g.Cycles());
        var report = g.Report();
        Assert.Contains("Group 1: A, B, C\n", report);
        Assert.Contains("  A -> B (a.X uses b.Y; 1 type pair) -> C (b.X uses c.Y; 1 type pair) -> A (c.X uses a.Y; 1 type pair)\n", report);
        Assert.DoesNotContain("D", report.Replace("depend", ""));
    }

    [Fact]
    public void ADagPasses()
    {
        var g = Graph(("A", "B"), ("A", "C"), ("B", "D"), ("C", "D"), ("D", "D"), ("A", "D"));
        Assert.Empty(g.StronglyConnectedComponents());
        Assert.Empty(g.Cycles());
        Assert.Equal("", g.Report());
    }

    [Fact]
    public void AParentAndItsChildNamespaceReferencingEachOtherIsACycle()
    {
        var g = Graph(("BundleForge.Bundles", "BundleForge.Bundles.Pricing"), ("BundleForge.Bundles.Pricing", "BundleForge.Bundles"));
        Assert.Equal([["BundleForge.Bundles", "BundleForge.Bundles.Pricing"]], g.StronglyConnectedComponents());
    }

    [Fact]
    public void EveryEdgeInsideAGroupIsShownInSomeCycle()
    {
        // One group A-B-C made of two 2-cycles, and a separate group X-Y.
        var g = Graph(("A", "B"), ("B", "A"), ("B", "C"), ("C", "B"), ("X", "Y"), ("Y", "X"), ("C", "X"));
        Assert.Equal([["A", "B", "C"], ["X", "Y"]], g.StronglyConnectedComponents());
        Assert.Equal([["A", "B"], ["B", "C"], ["X", "Y"]], g.Cycles());
        Assert.StartsWith("Namespace cycles in hand-made: 2 groups", g.Report());
    }

    private const string Fixture = "BundleForge.Core.Tests.Architecture.Fixture";

    [Fact]
    public void TheBuilderSeesReferencesThatExistOnlyInMethodBodies()
    {
        var g = NamespaceGraph.FromAssembly(typeof(NamespaceGraphTests).Assembly, Fixture);
        Assert.Empty(g.Problems);
        Assert.Equal([$"{Fixture}.Alpha", $"{Fixture}.Beta", $"{Fixture}.Delta", $"{Fixture}.Gamma"], g.Nodes);

        // Lambda body (a compiler-generated closure class, attributed to its outermost declaring type).
        Assert.Equal("Alpha.A.Make uses Beta.B", g.ExampleOf($"{Fixture}.Alpha", $"{Fixture}.Beta"));
        // typeof (ldtoken) in a method body.
        Assert.Equal("Beta.B.Partner uses Alpha.A", g.ExampleOf($"{Fixture}.Beta", $"{Fixture}.Alpha"));
        // Static field read inside an async method's state machine.
        Assert.Equal("Alpha.A.LaterAsync uses Gamma.G", g.ExampleOf($"{Fixture}.Alpha", $"{Fixture}.Gamma"));
        // Generic argument of a constructed type created in a method body.
        Assert.Equal("Gamma.G.Count uses Delta.D", g.ExampleOf($"{Fixture}.Gamma", $"{Fixture}.Delta"));
        Assert.False(g.HasEdge($"{Fixture}.Delta", $"{Fixture}.Gamma"));
        Assert.False(g.HasEdge($"{Fixture}.Gamma", $"{Fixture}.Alpha"));

        Assert.Equal([[$"{Fixture}.Alpha", $"{Fixture}.Beta"]], g.StronglyConnectedComponents());
        Assert.Contains($"  {Fixture}.Alpha -> {Fixture}.Beta (Alpha.A.Make uses Beta.B; 1 type pair) -> {Fixture}.Alpha (Beta.B.Partner uses Alpha.A; 1 type pair)\n", g.Report());
    }
}
