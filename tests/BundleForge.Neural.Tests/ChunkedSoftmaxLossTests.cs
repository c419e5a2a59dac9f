using static TorchSharp.torch;

namespace BundleForge.Neural.Tests;

public class ChunkedSoftmaxLossTests
{
    [Fact]
    public void Matches_autograd_cross_entropy_in_value_and_gradients()
    {
        TorchRuntime.Ensure();
        manual_seed(5);
        // 300 rows: more than two chunks, the last one partial.
        var h1 = randn(300, 16).requires_grad_(true);
        var w1 = randn(50, 16).requires_grad_(true);
        var t = randint(0, 50, [300]);
        var reference = nn.functional.cross_entropy(h1.matmul(w1.t()), t);
        reference.backward();

        var h2 = h1.detach().clone().requires_grad_(true);
        var w2 = w1.detach().clone().requires_grad_(true);
        var (surrogate, loss) = ChunkedSoftmaxLoss.Compute(h2, w2, t);
        surrogate.backward();

        Assert.Equal(reference.item<float>(), loss, 4);
        Assert.True(h1.grad!.allclose(h2.grad!, rtol: 1e-4, atol: 1e-6));
        Assert.True(w1.grad!.allclose(w2.grad!, rtol: 1e-4, atol: 1e-6));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.4)]
    public void With_label_smoothing_matches_autograd_cross_entropy_with_the_same_smoothing(double epsilon)
    {
        TorchRuntime.Ensure();
        manual_seed(6);
        var h1 = randn(200, 16).requires_grad_(true);
        var w1 = randn(50, 16).requires_grad_(true);
        var t = randint(0, 50, [200]);
        var reference = nn.functional.cross_entropy(h1.matmul(w1.t()), t, label_smoothing: epsilon);
        reference.backward();
        var plain = nn.functional.cross_entropy(h1.detach().matmul(w1.detach().t()), t).item<float>();

        var h2 = h1.detach().clone().requires_grad_(true);
        var w2 = w1.detach().clone().requires_grad_(true);
        var (surrogate, loss) = ChunkedSoftmaxLoss.Compute(h2, w2, t, epsilon);
        surrogate.backward();

        // The smoothed loss differs from the plain one, so matching it means the smoothing was applied.
        Assert.True(Math.Abs(plain - reference.item<float>()) > 0.01, $"plain {plain}, smoothed {reference.item<float>()}");
        Assert.Equal(reference.item<float>(), loss, 4);
        Assert.True(h1.grad!.allclose(h2.grad!, rtol: 1e-4, atol: 1e-6));
        Assert.True(w1.grad!.allclose(w2.grad!, rtol: 1e-4, atol: 1e-6));
    }
}
