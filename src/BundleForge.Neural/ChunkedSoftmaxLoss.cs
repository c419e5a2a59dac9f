using TorchSharp;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>Exact softmax cross-entropy over the whole catalog, computed in row chunks with its gradient worked out
/// by hand (softmax minus one-hot), so the [positions × items] logits never exist at once. Autograd would keep the
/// full logits and their softmax alive until backward: on Beauty that is tens of megabytes per step, and fresh large
/// allocations (page faults) made each step several times slower than the arithmetic itself.</summary>
internal static class ChunkedSoftmaxLoss
{
    private const int ChunkRows = 128;

    /// <summary>Returns a surrogate whose gradient w.r.t. <paramref name="hidden"/> [N, dim] and
    /// <paramref name="items"/> [itemCount, dim] equals that of the mean cross-entropy of
    /// <c>hidden · itemsᵀ</c> against <paramref name="targets"/> (0-based item ids), and the loss value itself. With
    /// <paramref name="labelSmoothing"/> ε the target distribution is (1 − ε)·one-hot + ε/itemCount, as
    /// <c>cross_entropy(label_smoothing: ε)</c> defines it.</summary>
    public static (Tensor Surrogate, double Loss) Compute(Tensor hidden, Tensor items, Tensor targets, double labelSmoothing = 0)
    {
        double eps = labelSmoothing;
        // Held for the whole call so that no collection finalizes it while libtorch reads it (see KeptScalars).
        using Scalar uniform = (eps / items.shape[0]).ToScalar();
        long n = hidden.shape[0];
        Tensor gradHidden, gradItems;
        double lossSum = 0;
        using (no_grad())
        {
            var h = hidden.detach();
            var w = items.detach();
            gradHidden = zeros_like(h);
            gradItems = zeros_like(w);
            for (long start = 0; start < n; start += ChunkRows)
            {
                using var scope = NewDisposeScope();
                long rows = Math.Min(ChunkRows, n - start);
                var hc = h.narrow(0, start, rows);
                var tc = targets.narrow(0, start, rows).unsqueeze(1);
                var logits = hc.matmul(w.t());
                var logSumExp = logits.logsumexp(1, keepdim: true);
                // −Σ q log p = logsumexp − (1 − ε)·z_target − ε·mean(z).
                var picked = logits.gather(1, tc);
                lossSum += eps == 0
                    ? (logSumExp - picked).sum().item<float>()
                    : (logSumExp - picked * (1 - eps) - logits.mean([1], keepdim: true) * eps).sum().item<float>();
                // d loss / d logits = (softmax − q) / N, built in place in the logits buffer.
                var grad = logits.sub_(logSumExp).exp_();
                if (eps > 0)
                    grad.sub_(uniform);
                grad.scatter_add_(1, tc, full_like(tc, (float)-(1 - eps), dtype: ScalarType.Float32));
                grad.div_(n);
                gradHidden.narrow(0, start, rows).copy_(grad.matmul(w));
                gradItems.add_(grad.t().matmul(hc));
            }
        }
        var surrogate = (hidden * gradHidden).sum() + (items * gradItems).sum();
        return (surrogate, lossSum / Math.Max(n, 1));
    }
}
