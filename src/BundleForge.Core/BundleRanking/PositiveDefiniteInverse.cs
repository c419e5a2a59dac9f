using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BundleForge.BundleRanking;

/// <summary>The inverse of a dense symmetric positive definite matrix in single precision (the ridge-regularised Gram
/// matrix of EASE): Cholesky factor L, its triangular inverse X = L⁻¹, then A⁻¹ = XᵀX. Each stage works on blocks of
/// eight rows that share one streamed row, so a 4,771² matrix inverts in seconds on two cores without a native
/// linear-algebra library.</summary>
public static class PositiveDefiniteInverse
{
    private const int Rows = 8;

    /// <summary>Row groups of <see cref="Rows"/> each thread keeps in cache while one streamed row serves them all.</summary>
    private const int Groups = 4;

    /// <summary>Inverts the <paramref name="n"/>×<paramref name="n"/> row-major symmetric matrix
    /// <paramref name="a"/>, which is overwritten (used as workspace); returns the full inverse. A matrix that is not
    /// positive definite is an <see cref="ArgumentException"/>.</summary>
    public static float[] Invert(float[] a, int n, int threads)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (n < 0 || (long)n * n != a.LongLength)
            throw new ArgumentException($"Expected {n}×{n} values, got {a.LongLength}.", nameof(a));
        if ((long)n * n > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(n), $"{n}×{n} is too large for one array.");
        threads = Math.Max(1, threads);
        Cholesky(a, n, threads);
        var x = new float[a.Length];
        TriangularInverse(a, x, n, threads);
        // Xᵀ, so the product reads rows.
        Array.Clear(a);
        for (int k = 0; k < n; k++)
            for (int c = 0; c <= k; c++)
                a[(long)c * n + k] = x[(long)k * n + c];
        Array.Clear(x);
        Gram(a, x, n, threads);
        return x;
    }

    /// <summary>Lower Cholesky factor in place (the upper triangle is left as it was).</summary>
    private static void Cholesky(float[] a, int n, int threads)
    {
        // The block does not depend on the thread count, so every thread count does the same arithmetic.
        const int block = Rows * Groups * 2;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int i1 = Math.Min(n, i0 + block);
            int groups = (i1 - i0 + Rows - 1) / Rows;
            // Against the finished rows above the block, the block's rows are independent; each thread keeps its
            // groups of rows in cache while it streams the finished rows once.
            Parallel.For(0, Math.Min(threads, groups), options, t =>
            {
                Span<float> dots = stackalloc float[Rows];
                for (int j = 0; j < i0; j++)
                {
                    float d = a[(long)j * n + j];
                    var lj = a.AsSpan(j * n, j);
                    for (int g = t; g < groups; g += threads)
                    {
                        int r0 = i0 + g * Rows;
                        int r1 = Math.Min(i1, r0 + Rows);
                        MultiDot(a, n, r0, r1 - r0, 0, lj, dots);
                        for (int i = r0; i < r1; i++)
                        {
                            long p = (long)i * n + j;
                            a[p] = (a[p] - dots[i - r0]) / d;
                        }
                    }
                }
            });
            for (int j = i0; j < i1; j++)
            {
                int pj = j * n;
                float s = a[pj + j] - TensorPrimitives.Dot<float>(a.AsSpan(pj, j), a.AsSpan(pj, j));
                if (!(s > 0))
                    throw new ArgumentException($"The matrix is not positive definite (pivot {j}).", nameof(a));
                float d = MathF.Sqrt(s);
                a[pj + j] = d;
                for (int i = j + 1; i < i1; i++)
                {
                    int pi = i * n;
                    a[pi + j] = (a[pi + j] - TensorPrimitives.Dot<float>(a.AsSpan(pi, j), a.AsSpan(pj, j))) / d;
                }
            }
        }
    }

    /// <summary>X = L⁻¹ (lower) from the lower factor in <paramref name="l"/>, row by row:
    /// X[i,:] = (eᵢ − Σₖ L[i,k]·X[k,:]) / L[i,i].</summary>
    private static void TriangularInverse(float[] l, float[] x, int n, int threads)
    {
        int block = Rows * Groups * threads;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int i1 = Math.Min(n, i0 + block);
            Parallel.For(0, threads, options, t =>
            {
                int r0 = i0 + t * Rows * Groups;
                int r1 = Math.Min(i1, r0 + Rows * Groups);
                for (int k = 0; k < i0 && r0 < r1; k++)
                {
                    var xk = x.AsSpan(k * n, k + 1);
                    for (int i = r0; i < r1; i++)
                    {
                        var row = x.AsSpan(i * n, k + 1);
                        TensorPrimitives.MultiplyAdd(xk, l[(long)i * n + k], row, row);
                    }
                }
            });
            for (int i = i0; i < i1; i++)
            {
                var row = x.AsSpan(i * n, i + 1);
                for (int k = i0; k < i; k++)
                    TensorPrimitives.MultiplyAdd(x.AsSpan(k * n, k + 1), l[(long)i * n + k], row[..(k + 1)], row[..(k + 1)]);
                float inverse = 1f / l[(long)i * n + i];
                TensorPrimitives.Multiply(row[..i], -inverse, row[..i]);
                row[i] = inverse;
            }
        }
    }

    /// <summary>P = XᵀX from Y = Xᵀ (upper triangular rows): P[a,b] = Y[a, m:]·Y[b, m:] with m = max(a, b).</summary>
    private static void Gram(float[] y, float[] p, int n, int threads)
    {
        int span = Rows * Groups;
        int blocks = (n + span - 1) / span;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, blk =>
        {
            int g0 = blk * span;
            int g1 = Math.Min(n, g0 + span);
            Span<float> dots = stackalloc float[Rows];
            for (int a = g0; a < g1; a++)
                for (int b = a; b < g1; b++)
                {
                    float s = TensorPrimitives.Dot<float>(y.AsSpan(a * n + b, n - b), y.AsSpan(b * n + b, n - b));
                    p[(long)a * n + b] = s;
                    p[(long)b * n + a] = s;
                }
            for (int b = g1; b < n; b++)
            {
                var yb = y.AsSpan(b * n + b, n - b);
                for (int a0 = g0; a0 < g1; a0 += Rows)
                {
                    int a1 = Math.Min(g1, a0 + Rows);
                    MultiDot(y, n, a0, a1 - a0, b, yb, dots);
                    for (int a = a0; a < a1; a++)
                    {
                        p[(long)a * n + b] = dots[a - a0];
                        p[(long)b * n + a] = dots[a - a0];
                    }
                }
            }
        });
    }

    /// <summary>dots[r] = m[row0 + r, col0 : col0 + v.Length]·v for <paramref name="rows"/> consecutive rows; eight rows
    /// share each load of <paramref name="v"/>.</summary>
    private static void MultiDot(float[] m, int n, int row0, int rows, int col0, ReadOnlySpan<float> v, Span<float> dots)
    {
        int len = v.Length;
        if (rows < Rows)
        {
            for (int r = 0; r < rows; r++)
                dots[r] = TensorPrimitives.Dot<float>(m.AsSpan((row0 + r) * n + col0, len), v);
            return;
        }
        ref float b0 = ref m[(long)row0 * n + col0];
        ref float vb = ref MemoryMarshal.GetReference(v);
        var s0 = Vector<float>.Zero;
        var s1 = s0;
        var s2 = s0;
        var s3 = s0;
        var s4 = s0;
        var s5 = s0;
        var s6 = s0;
        var s7 = s0;
        int w = Vector<float>.Count;
        int c = 0;
        nint stride = n;
        for (; c <= len - w; c += w)
        {
            var vv = Vector.LoadUnsafe(ref vb, (nuint)c);
            s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref b0, c)), vv, s0);
            s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref b0, stride + c)), vv, s1);
            s2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref b0, 2 * stride + c)), vv, s2);
            s3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref b0, 3 * stride + c)), vv, s3);
            s4 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref b0, 4 * stride + c)), vv, s4);
            s5 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref b0, 5 * stride + c)), vv, s5);
            s6 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref b0, 6 * stride + c)), vv, s6);
            s7 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref b0, 7 * stride + c)), vv, s7);
        }
        dots[0] = Vector.Sum(s0);
        dots[1] = Vector.Sum(s1);
        dots[2] = Vector.Sum(s2);
        dots[3] = Vector.Sum(s3);
        dots[4] = Vector.Sum(s4);
        dots[5] = Vector.Sum(s5);
        dots[6] = Vector.Sum(s6);
        dots[7] = Vector.Sum(s7);
        for (; c < len; c++)
        {
            float vc = v[c];
            for (int r = 0; r < Rows; r++)
                dots[r] += Unsafe.Add(ref b0, r * stride + c) * vc;
        }
    }
}
