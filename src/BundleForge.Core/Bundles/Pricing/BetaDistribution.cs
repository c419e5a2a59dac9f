
namespace BundleForge.Bundles.Pricing;

/// <summary>Draws from Beta(α, β) as X/(X+Y) with X ~ Gamma(α), Y ~ Gamma(β) (Marsaglia–Tsang), from a seeded
/// generator so that exploration is reproducible.</summary>
public static class BetaDistribution
{
    public static double Sample(ref SeededRandom rng, double alpha, double beta)
    {
        double x = Gamma(ref rng, alpha), y = Gamma(ref rng, beta);
        return x + y > 0 ? x / (x + y) : alpha / (alpha + beta);
    }

    public static double Mean(double alpha, double beta) => alpha / (alpha + beta);

    private static double Gamma(ref SeededRandom rng, double shape)
    {
        if (shape < 1)
        {
            // Boost to shape + 1, then scale back by U^(1/shape).
            double u = 1.0 - rng.NextDouble();
            return Gamma(ref rng, shape + 1) * Math.Pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3, c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            { x = rng.NextGaussian(); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = 1.0 - rng.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x)
                return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
                return d * v;
        }
    }
}
