using BundleForge.Recommendation;

namespace BundleForge.Core.Tests.Recommendation;

public class LinearRankerTests
{
    [Fact]
    public void Fitting_weighs_the_feature_that_predicts_the_label_and_not_the_noise()
    {
        var random = new Random(3);
        int n = 2_000;
        var x = new float[n * 3];
        var y = new byte[n];
        for (int r = 0; r < n; r++)
        {
            float signal = (float)random.NextDouble();
            x[r * 3] = signal;
            x[r * 3 + 1] = (float)random.NextDouble();
            x[r * 3 + 2] = 5;   // constant: standardised to 0, never weighed
            y[r] = random.NextDouble() < signal ? (byte)1 : (byte)0;
        }
        var ranker = LinearRanker.Fit(x, y, 3, l2: 1e-4);
        Assert.True(ranker.Weights[0] > 0.5, $"weight {ranker.Weights[0]}");
        Assert.True(Math.Abs(ranker.Weights[1]) < 0.2, $"weight {ranker.Weights[1]}");
        Assert.True(ranker.Score([0.9f, 0.5f, 5]) > ranker.Score([0.1f, 0.5f, 5]));
        // A strong penalty shrinks the weight.
        Assert.True(LinearRanker.Fit(x, y, 3, l2: 10).Weights[0] < ranker.Weights[0] / 2);
    }
}
