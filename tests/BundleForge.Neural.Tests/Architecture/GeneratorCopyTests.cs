using System.Reflection;
using BundleForge.Tests.Architecture;

namespace BundleForge.Neural.Tests.Architecture;

/// <summary>No place in BundleForge.Neural copies a <see cref="SeededRandom"/>: CrossCBR once drew one negative per
/// epoch that way (docs/BENCHMARKS.md, "CrossCBR drew one negative per epoch").</summary>
public class GeneratorCopyTests
{
    [Fact]
    public void BundleForgeNeural_never_takes_the_generator_by_value()
    {
        var found = GeneratorCopies.In(Assembly.Load("BundleForge.Neural"));
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }
}
