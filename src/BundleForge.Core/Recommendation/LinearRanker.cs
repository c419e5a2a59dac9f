namespace BundleForge.Recommendation;

/// <summary>A learned linear scorer over standardised features: score = Σ w_f (x_f − mean_f) / scale_f. Fitted as a
/// logistic regression (was the candidate in the next order?) by <see cref="Fit"/>; the ranking it gives is the
/// order of the scores.</summary>
public sealed class LinearRanker
{
    /// <summary>A scorer with the given standardisation and weights (one each per feature).</summary>
    public LinearRanker(float[] mean, float[] scale, float[] weights, float bias)
    {
        if (scale.Length != mean.Length || weights.Length != mean.Length)
            throw new ArgumentException("One mean, scale and weight per feature.", nameof(weights));
        Mean = mean;
        Scale = scale;
        Weights = weights;
        Bias = bias;
    }

    /// <summary>Mean of each feature over the fitting rows.</summary>
    public float[] Mean { get; }
    /// <summary>Standard deviation of each feature over the fitting rows (1 for constant features).</summary>
    public float[] Scale { get; }
    /// <summary>Weight of each standardised feature.</summary>
    public float[] Weights { get; }
    /// <summary>Intercept (does not change a ranking; kept so scores are log-odds).</summary>
    public float Bias { get; }

    /// <summary>The score of one feature row.</summary>
    public float Score(ReadOnlySpan<float> row)
    {
        float s = Bias;
        for (int f = 0; f < row.Length; f++)
            s += Weights[f] * (row[f] - Mean[f]) / Scale[f];
        return s;
    }

    /// <summary>Fits a logistic regression with an L2 penalty <paramref name="l2"/> (on the weights, not the bias) by
    /// Newton's method on <paramref name="rows"/> (row-major, <paramref name="features"/> per row) and 0/1
    /// <paramref name="labels"/>. Deterministic: no sampling, no random start.</summary>
    public static LinearRanker Fit(ReadOnlySpan<float> rows, ReadOnlySpan<byte> labels, int features, double l2, int iterations = 25)
    {
        int n = labels.Length;
        if (n == 0 || rows.Length != n * features)
            throw new ArgumentException("One feature row per label, and at least one row.", nameof(rows));
        var mean = new double[features];
        var sq = new double[features];
        for (int r = 0; r < n; r++)
            for (int f = 0; f < features; f++)
                mean[f] += rows[r * features + f];
        for (int f = 0; f < features; f++)
            mean[f] /= n;
        for (int r = 0; r < n; r++)
            for (int f = 0; f < features; f++)
            {
                double d = rows[r * features + f] - mean[f];
                sq[f] += d * d;
            }
        var scale = new double[features];
        for (int f = 0; f < features; f++)
        {
            double sd = Math.Sqrt(sq[f] / n);
            scale[f] = sd > 1e-9 ? sd : 1;
        }

        int p = features + 1;
        var beta = new double[p];
        var x = new double[p];
        var gradient = new double[p];
        var hessian = new double[p * p];
        for (int it = 0; it < iterations; it++)
        {
            Array.Clear(gradient);
            Array.Clear(hessian);
            for (int r = 0; r < n; r++)
            {
                for (int f = 0; f < features; f++)
                    x[f] = (rows[r * features + f] - mean[f]) / scale[f];
                x[features] = 1;
                double z = 0;
                for (int j = 0; j < p; j++)
                    z += beta[j] * x[j];
                double prob = 1 / (1 + Math.Exp(-z));
                double err = labels[r] - prob;
                double w = Math.Max(prob * (1 - prob), 1e-9);
                for (int j = 0; j < p; j++)
                {
                    gradient[j] += err * x[j];
                    double wx = w * x[j];
                    for (int k = 0; k <= j; k++)
                        hessian[j * p + k] += wx * x[k];
                }
            }
            for (int j = 0; j < p; j++)
                for (int k = 0; k < j; k++)
                    hessian[k * p + j] = hessian[j * p + k];
            // The penalty is on the mean log-likelihood's scale, so its strength does not depend on the row count.
            for (int j = 0; j < features; j++)
            {
                gradient[j] -= l2 * n * beta[j];
                hessian[j * p + j] += l2 * n;
            }
            var step = Solve(hessian, gradient, p);
            double change = 0;
            for (int j = 0; j < p; j++)
            {
                beta[j] += step[j];
                change = Math.Max(change, Math.Abs(step[j]));
            }
            if (change < 1e-6)
                break;
        }
        var weights = new float[features];
        for (int f = 0; f < features; f++)
            weights[f] = (float)beta[f];
        return new LinearRanker(Array.ConvertAll(mean, v => (float)v), Array.ConvertAll(scale, v => (float)v), weights, (float)beta[features]);
    }

    /// <summary>Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite).</summary>
    private static double[] Solve(double[] a, double[] b, int p)
    {
        var m = (double[])a.Clone();
        var x = (double[])b.Clone();
        for (int c = 0; c < p; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < p; r++)
                if (Math.Abs(m[r * p + c]) > Math.Abs(m[pivot * p + c]))
                    pivot = r;
            if (pivot != c)
            {
                for (int k = 0; k < p; k++)
                    (m[c * p + k], m[pivot * p + k]) = (m[pivot * p + k], m[c * p + k]);
                (x[c], x[pivot]) = (x[pivot], x[c]);
            }
            double d = m[c * p + c];
            if (Math.Abs(d) < 1e-12)
                continue;
            for (int r = c + 1; r < p; r++)
            {
                double factor = m[r * p + c] / d;
                if (factor == 0)
                    continue;
                for (int k = c; k < p; k++)
                    m[r * p + k] -= factor * m[c * p + k];
                x[r] -= factor * x[c];
            }
        }
        var result = new double[p];
        for (int r = p - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int k = r + 1; k < p; k++)
                s -= m[r * p + k] * result[k];
            result[r] = Math.Abs(m[r * p + r]) < 1e-12 ? 0 : s / m[r * p + r];
        }
        return result;
    }
}
