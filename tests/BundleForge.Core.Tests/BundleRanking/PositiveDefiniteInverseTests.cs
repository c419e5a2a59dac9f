using BundleForge.BundleRanking;

namespace BundleForge.Core.Tests.BundleRanking;

public class PositiveDefiniteInverseTests
{
    /// <summary>A random Gram matrix plus a ridge, as EASE builds one.</summary>
    private static float[] Spd(int n, int seed)
    {
        var random = new SeededRandom(seed);
        int rows = n + 5;
        var x = new float[rows * n];
        for (int i = 0; i < x.Length; i++)
            x[i] = random.Chance(0.3) ? 1 : 0;
        var g = new float[n * n];
        for (int r = 0; r < rows; r++)
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                    g[a * n + b] += x[r * n + a] * x[r * n + b];
        for (int i = 0; i < n; i++)
            g[i * n + i] += 2;
        return g;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(40, 2)]
    [InlineData(133, 2)] // not a multiple of the row blocks, several blocks per thread
    public void Times_the_matrix_it_gives_the_identity(int n, int threads)
    {
        var a = Spd(n, n);
        var copy = (float[])a.Clone();
        var p = PositiveDefiniteInverse.Invert(a, n, threads);
        double worst = 0;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                    s += (double)copy[r * n + k] * p[k * n + c];
                worst = Math.Max(worst, Math.Abs(s - (r == c ? 1 : 0)));
                Assert.Equal(p[r * n + c], p[c * n + r]);
            }
        Assert.True(worst < 1e-4, $"max |A·A⁻¹ − I| = {worst}");
    }

    [Fact]
    public void Threads_do_not_change_the_result()
    {
        var one = PositiveDefiniteInverse.Invert(Spd(90, 4), 90, 1);
        var two = PositiveDefiniteInverse.Invert(Spd(90, 4), 90, 2);
        Assert.Equal(one, two);
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_refused()
    {
        float[] a = [1, 2, 2, 1];
        var e = Assert.Throws<ArgumentException>(() => PositiveDefiniteInverse.Invert(a, 2, 1));
        Assert.Contains("not positive definite", e.Message);
        Assert.Throws<ArgumentException>(() => PositiveDefiniteInverse.Invert(new float[5], 2, 1));
    }
}
