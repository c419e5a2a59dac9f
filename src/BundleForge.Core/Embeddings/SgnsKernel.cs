using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BundleForge.Embeddings;

/// <summary>The SGNS inner step for one (input, output) vector pair: f = in·out, then gradient += g·out and
/// out += g·in with g from the label and σ(f). Dimensions that are a multiple of the SIMD width take a fused
/// single-pass path; others use TensorPrimitives.</summary>
internal static class SgnsKernel
{
    /// <summary>Applies the step and returns the score f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(Span<float> input, Span<float> output, Span<float> gradient, float label, float alpha, SigmoidTable sigmoid)
    {
        int d = input.Length;
        if (Vector512.IsHardwareAccelerated && (d & 15) == 0) { Step512(input, output, gradient, label, alpha, sigmoid); return; }
        if (Vector256.IsHardwareAccelerated && (d & 7) == 0) { Step256(input, output, gradient, label, alpha, sigmoid); return; }
        float f = TensorPrimitives.Dot(input, output);
        float g = (label - sigmoid[f]) * alpha;
        TensorPrimitives.MultiplyAdd(output, g, gradient, gradient);
        TensorPrimitives.MultiplyAdd(input, g, output, output);
    }

    private static void Step512(Span<float> input, Span<float> output, Span<float> gradient, float label, float alpha, SigmoidTable sigmoid)
    {
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float e = ref MemoryMarshal.GetReference(gradient);
        nuint d = (nuint)input.Length;
        var acc = Vector512<float>.Zero;
        for (nuint i = 0; i < d; i += 16)
            acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i), acc);
        float g = (label - sigmoid[Vector512.Sum(acc)]) * alpha;
        if (g == 0f) return;
        var gv = Vector512.Create(g);
        for (nuint i = 0; i < d; i += 16)
        {
            var xi = Vector512.LoadUnsafe(ref x, i);
            var yi = Vector512.LoadUnsafe(ref y, i);
            Vector512.FusedMultiplyAdd(yi, gv, Vector512.LoadUnsafe(ref e, i)).StoreUnsafe(ref e, i);
            Vector512.FusedMultiplyAdd(xi, gv, yi).StoreUnsafe(ref y, i);
        }
    }

    private static void Step256(Span<float> input, Span<float> output, Span<float> gradient, float label, float alpha, SigmoidTable sigmoid)
    {
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float e = ref MemoryMarshal.GetReference(gradient);
        nuint d = (nuint)input.Length;
        var acc = Vector256<float>.Zero;
        for (nuint i = 0; i < d; i += 8)
            acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), acc);
        float g = (label - sigmoid[Vector256.Sum(acc)]) * alpha;
        if (g == 0f) return;
        var gv = Vector256.Create(g);
        for (nuint i = 0; i < d; i += 8)
        {
            var xi = Vector256.LoadUnsafe(ref x, i);
            var yi = Vector256.LoadUnsafe(ref y, i);
            Vector256.FusedMultiplyAdd(yi, gv, Vector256.LoadUnsafe(ref e, i)).StoreUnsafe(ref e, i);
            Vector256.FusedMultiplyAdd(xi, gv, yi).StoreUnsafe(ref y, i);
        }
    }
}
