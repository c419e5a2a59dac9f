using System.Reflection;
using BundleForge.Tests.Architecture;

namespace BundleForge.Core.Tests.Architecture;

/// <summary>No place in BundleForge.Core copies a <see cref="SeededRandom"/> (a struct): a copy draws the same numbers
/// again and leaves the caller's generator where it was.</summary>
public class GeneratorCopyTests
{
    [Fact]
    public void BundleForgeCore_never_takes_the_generator_by_value()
    {
        var found = GeneratorCopies.In(Assembly.Load("BundleForge.Core"));
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void The_finder_sees_a_by_value_parameter_and_a_read_only_field()
    {
        var found = GeneratorCopies.In(typeof(GeneratorCopyTests).Assembly);
        Assert.Contains(found, f => f.Contains(nameof(CopiesOnPurpose) + "." + nameof(CopiesOnPurpose.Draw)));
        Assert.Contains(found, f => f.Contains(nameof(CopiesOnPurpose) + "._kept"));
        Assert.DoesNotContain(found, f => f.Contains(nameof(CopiesOnPurpose.DrawByReference)));
    }

    /// <summary>What the finder must report (and, for the by-reference method, must not).</summary>
    private sealed class CopiesOnPurpose
    {
        private readonly SeededRandom _kept = new(1);

        public static int Draw(SeededRandom random) => random.NextInt(10);

        public static int DrawByReference(ref SeededRandom random) => random.NextInt(10);

        public int Peek() => _kept.GetHashCode();
    }
}
