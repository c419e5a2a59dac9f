using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        if (Vector512.IsHardwareAccelerated && (d & 15) == 0)
        { Step512(input, output, gradient, label, alpha, sigmoid); return; }
        if (Vector256.IsHardwareAccelerated && (d & 7) == 0)
        { Step256(input, output, gradient, label, alpha, sigmoid); return; }
        float f = TensorPrimitives.Dot(input, output);
        float g = (label - sigmoid[f]) * alpha;
        TensorPrimitives.MultiplyAdd(output, g, gradient, gradient);
        TensorPrimitives.MultiplyAdd(input, g, output, output);
    }

    /// <summary>Whether <see cref="Pair64"/> applies: 64 dimensions with 512- or 256-bit SIMD.</summary>
    public static bool HasPair64(int dimensions) => dimensions == 64 && (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated);

    /// <summary>A whole positive pair for 64 dimensions with the input vector and its gradient held in registers:
    /// <paramref name="targets"/>[0] is the positive output row (label 1), the rest negatives (label 0). The output
    /// rows are prefetched first, since they are random rows of a matrix larger than the L2 cache.</summary>
    public static void Pair64(ref float input, ref float syn1, ReadOnlySpan<int> targets, float alpha, SigmoidTable sigmoid, bool allow512 = true)
    {
        foreach (var t in targets)
        {
            ref float row = ref Unsafe.Add(ref syn1, (nint)t * 64);
            if (Sse.IsSupported)
                unsafe
                {
                    byte* p = (byte*)Unsafe.AsPointer(ref row);
                    Sse.Prefetch0(p);
                    Sse.Prefetch0(p + 64);
                    Sse.Prefetch0(p + 128);
                    Sse.Prefetch0(p + 192);
                }
        }
        if (allow512 && Vector512.IsHardwareAccelerated)
            Pair64With512(ref input, ref syn1, targets, alpha, sigmoid);
        else
            Pair64With256(ref input, ref syn1, targets, alpha, sigmoid);
    }

    private static void Pair64With512(ref float input, ref float syn1, ReadOnlySpan<int> targets, float alpha, SigmoidTable sigmoid)
    {
        var x0 = Vector512.LoadUnsafe(ref input, 0);
        var x1 = Vector512.LoadUnsafe(ref input, 16);
        var x2 = Vector512.LoadUnsafe(ref input, 32);
        var x3 = Vector512.LoadUnsafe(ref input, 48);
        var e0 = Vector512<float>.Zero;
        var e1 = Vector512<float>.Zero;
        var e2 = Vector512<float>.Zero;
        var e3 = Vector512<float>.Zero;
        float label = 1f;
        foreach (var t in targets)
        {
            ref float y = ref Unsafe.Add(ref syn1, (nint)t * 64);
            var y0 = Vector512.LoadUnsafe(ref y, 0);
            var y1 = Vector512.LoadUnsafe(ref y, 16);
            var y2 = Vector512.LoadUnsafe(ref y, 32);
            var y3 = Vector512.LoadUnsafe(ref y, 48);
            var dot = Vector512.FusedMultiplyAdd(x0, y0, Vector512.FusedMultiplyAdd(x1, y1, Vector512.FusedMultiplyAdd(x2, y2, x3 * y3)));
            float g = (label - sigmoid[Vector512.Sum(dot)]) * alpha;
            label = 0f;
            if (g == 0f)
                continue;
            var gv = Vector512.Create(g);
            e0 = Vector512.FusedMultiplyAdd(y0, gv, e0);
            e1 = Vector512.FusedMultiplyAdd(y1, gv, e1);
            e2 = Vector512.FusedMultiplyAdd(y2, gv, e2);
            e3 = Vector512.FusedMultiplyAdd(y3, gv, e3);
            Vector512.FusedMultiplyAdd(x0, gv, y0).StoreUnsafe(ref y, 0);
            Vector512.FusedMultiplyAdd(x1, gv, y1).StoreUnsafe(ref y, 16);
            Vector512.FusedMultiplyAdd(x2, gv, y2).StoreUnsafe(ref y, 32);
            Vector512.FusedMultiplyAdd(x3, gv, y3).StoreUnsafe(ref y, 48);
        }
        (x0 + e0).StoreUnsafe(ref input, 0);
        (x1 + e1).StoreUnsafe(ref input, 16);
        (x2 + e2).StoreUnsafe(ref input, 32);
        (x3 + e3).StoreUnsafe(ref input, 48);
    }

    private static void Pair64With256(ref float input, ref float syn1, ReadOnlySpan<int> targets, float alpha, SigmoidTable sigmoid)
    {
        // two halves of 32 dimensions, each with 4 input and 4 gradient registers
        Span<float> gradient = stackalloc float[64];
        gradient.Clear();
        ref float e = ref MemoryMarshal.GetReference(gradient);
        float label = 1f;
        foreach (var t in targets)
        {
            ref float y = ref Unsafe.Add(ref syn1, (nint)t * 64);
            var acc = Vector256<float>.Zero;
            for (nuint i = 0; i < 64; i += 8)
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref input, i), Vector256.LoadUnsafe(ref y, i), acc);
            float g = (label - sigmoid[Vector256.Sum(acc)]) * alpha;
            label = 0f;
            if (g == 0f)
                continue;
            var gv = Vector256.Create(g);
            for (nuint i = 0; i < 64; i += 8)
            {
                var yi = Vector256.LoadUnsafe(ref y, i);
                Vector256.FusedMultiplyAdd(yi, gv, Vector256.LoadUnsafe(ref e, i)).StoreUnsafe(ref e, i);
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref input, i), gv, yi).StoreUnsafe(ref y, i);
            }
        }
        for (nuint i = 0; i < 64; i += 8)
            (Vector256.LoadUnsafe(ref input, i) + Vector256.LoadUnsafe(ref e, i)).StoreUnsafe(ref input, i);
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
        if (g == 0f)
            return;
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
        if (g == 0f)
            return;
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
