using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>One pre-layer-norm Transformer block: multi-head self-attention under a boolean mask, then a GELU
/// feed-forward layer, each with dropout and a residual connection. Pre-LN trains stably without warm-up.
/// Intermediate tensors are released by the caller's dispose scope.</summary>
internal sealed class TransformerBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly Linear qkv;
    private readonly Linear projection;
    private readonly LayerNorm feedForwardNorm;
    private readonly Linear expand;
    private readonly Linear contract;
    private readonly Dropout dropout;
    private readonly int _heads;
    private readonly double _attentionDropout;

    public TransformerBlock(string name, int dim, int heads, double dropoutRate) : base(name)
    {
        _heads = heads;
        _attentionDropout = dropoutRate;
        attentionNorm = nn.LayerNorm(dim);
        qkv = nn.Linear(dim, 3 * dim);
        projection = nn.Linear(dim, dim);
        feedForwardNorm = nn.LayerNorm(dim);
        expand = nn.Linear(dim, 4 * dim);
        contract = nn.Linear(4 * dim, dim);
        dropout = nn.Dropout(dropoutRate);
        RegisterComponents();
    }

    /// <summary><paramref name="x"/> is [batch, length, dim]; <paramref name="allowed"/> is a boolean
    /// [batch, 1, length, length] mask, true where a query position may attend to a key position.</summary>
    public override Tensor forward(Tensor x, Tensor allowed)
    {
        long b = x.shape[0], l = x.shape[1], d = x.shape[2];
        long headDim = d / _heads;
        var h = attentionNorm.forward(x);
        var packed = qkv.forward(h).view(b, l, 3, _heads, headDim).permute(2, 0, 3, 1, 4);
        var q = packed[0];
        var k = packed[1];
        var v = packed[2];
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, allowed, training ? _attentionDropout : 0.0);
        var merged = attended.transpose(1, 2).reshape(b, l, d);
        var projected = projection.forward(merged);
        var attentionOut = dropout.forward(projected);
        var y = x.add(attentionOut, KeptScalars.One);
        var h2 = feedForwardNorm.forward(y);
        var wide = expand.forward(h2);
        var activated = nn.functional.gelu(wide);
        var activatedDropped = dropout.forward(activated);
        var narrow = contract.forward(activatedDropped);
        var ffOut = dropout.forward(narrow);
        var result = y.add(ffOut, KeptScalars.One);
        return result;
    }
}
