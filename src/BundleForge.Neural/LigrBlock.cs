using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>One LiGR block: x + σ(G₁·LN₁(x)) ⊙ Attention(LN₁(x)), then y + σ(G₂·LN₂(y)) ⊙ SwiGLU(LN₂(y)), with dropout on
/// each sub-layer's output. The gates let a block pass its input through nearly unchanged where a sub-layer does not
/// help, which on sparse data acts as a learned, per-dimension residual weighting. Intermediate tensors are released
/// by the caller's dispose scope.</summary>
internal sealed class LigrBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly Linear qkv;
    private readonly Linear projection;
    private readonly Linear attentionGate;
    private readonly LayerNorm feedForwardNorm;
    private readonly Linear feedForwardGate;
    private readonly Linear expand;
    private readonly Linear expandGate;
    private readonly Linear contract;
    private readonly Dropout dropout;
    private readonly int _heads;
    private readonly double _attentionDropout;

    public LigrBlock(string name, int dim, int heads, double dropoutRate) : base(name)
    {
        _heads = heads;
        _attentionDropout = dropoutRate;
        attentionNorm = nn.LayerNorm(dim);
        qkv = nn.Linear(dim, 3 * dim);
        projection = nn.Linear(dim, dim);
        attentionGate = nn.Linear(dim, dim);
        feedForwardNorm = nn.LayerNorm(dim);
        feedForwardGate = nn.Linear(dim, dim);
        expand = nn.Linear(dim, 4 * dim);
        expandGate = nn.Linear(dim, 4 * dim);
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
        var attended = nn.functional.scaled_dot_product_attention(packed[0], packed[1], packed[2], allowed, training ? _attentionDropout : 0.0);
        var merged = attended.transpose(1, 2).reshape(b, l, d);
        var attentionOut = dropout.forward(projection.forward(merged)).mul(nn.functional.sigmoid(attentionGate.forward(h)));
        var y = x.add(attentionOut, KeptScalars.One);
        var h2 = feedForwardNorm.forward(y);
        var swiglu = nn.functional.silu(expandGate.forward(h2)).mul(expand.forward(h2));
        var ffOut = dropout.forward(contract.forward(dropout.forward(swiglu))).mul(nn.functional.sigmoid(feedForwardGate.forward(h2)));
        return y.add(ffOut, KeptScalars.One);
    }
}
