using System.Runtime.InteropServices;
using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Embeddings;

public class SgnsKernelTests
{
    /// <summary>The register-resident 64-dimension pair must do what word2vec's per-target steps do: score each target
    /// with the unchanged input vector, update that output row at once (so a repeated negative sees its update), and
    /// add the accumulated gradient to the input vector at the end.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Pair64_equals_the_reference_sequence_of_steps(bool allow512)
    {
        var random = new Random(11);
        float[] Fill(int n, float scale) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * scale).ToArray();
        var sigmoid = new SigmoidTable();
        foreach (var scale in new[] { 0.05f, 1f, 3f }) // small, mid and saturated scores (|f| > 6 clips the gradient)
        {
            var input = Fill(64, scale);
            var syn1 = Fill(10 * 64, scale);
            int[] targets = [3, 7, 1, 7, 9];
            const float alpha = 0.05f;

            var expectedInput = input.ToArray();
            var expectedSyn1 = syn1.ToArray();
            var gradient = new float[64];
            float label = 1f;
            foreach (var t in targets)
            {
                var y = expectedSyn1.AsSpan(t * 64, 64);
                double f = 0;
                for (int i = 0; i < 64; i++)
                    f += expectedInput[i] * y[i];
                float g = (label - sigmoid[(float)f]) * alpha;
                label = 0f;
                for (int i = 0; i < 64; i++)
                { gradient[i] += g * y[i]; y[i] += g * expectedInput[i]; }
            }
            for (int i = 0; i < 64; i++)
                expectedInput[i] += gradient[i];

            SgnsKernel.Pair64(ref MemoryMarshal.GetArrayDataReference(input), ref MemoryMarshal.GetArrayDataReference(syn1), targets, alpha, sigmoid, allow512);
            for (int i = 0; i < 64; i++)
                Assert.Equal(expectedInput[i], input[i], 1e-5f);
            for (int i = 0; i < syn1.Length; i++)
                Assert.Equal(expectedSyn1[i], syn1[i], 1e-5f);
        }
    }
}
