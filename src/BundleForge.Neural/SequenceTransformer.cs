using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>The shared SASRec / BERT4Rec network: item and learned position embeddings, pre-LN Transformer blocks
/// and a final layer norm. Item scores are dot products with the (tied) item embeddings. Inputs are left-padded
/// token ids [batch, length], the most recent item in the last column.</summary>
public sealed class SequenceTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding items;
    private readonly Embedding positions;
    private readonly Dropout embeddingDropout;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm finalNorm;

    public SequenceTransformer(SequenceModelConfig config) : base("sequence_transformer")
    {
        config.Validate();
        Config = config;
        items = nn.Embedding(config.Vocabulary, config.Dim, padding_idx: 0);
        positions = nn.Embedding(config.MaxLength, config.Dim);
        embeddingDropout = nn.Dropout(config.Dropout);
        blocks = nn.ModuleList<TransformerBlock>();
        for (int i = 0; i < config.Blocks; i++) blocks.Add(new TransformerBlock($"block{i}", config.Dim, config.Heads, config.Dropout));
        finalNorm = nn.LayerNorm(config.Dim);
        RegisterComponents();
        using (no_grad())
        {
            // Truncated normal(0, 0.02) as in BERT (TorchSharp's trunc_normal_ filled constants here, so clamp by hand).
            nn.init.normal_(items.weight!, 0, 0.02).clamp_(-0.04, 0.04);
            nn.init.normal_(positions.weight!, 0, 0.02).clamp_(-0.04, 0.04);
            items.weight![0].zero_();
        }
    }

    public SequenceModelConfig Config { get; }

    /// <summary>Hidden states [batch, length, dim] of left-padded token ids [batch, length].</summary>
    public override Tensor forward(Tensor tokens)
    {
        long b = tokens.shape[0], l = tokens.shape[1];
        if (l > Config.MaxLength) throw new ArgumentException($"Sequence length {l} exceeds the model's maximum {Config.MaxLength}.");
        // Positions count from the right edge's slot in a MaxLength window, so a short input lines up with the
        // last positions the model saw for recent items in training.
        var pos = arange(Config.MaxLength - l, Config.MaxLength, dtype: ScalarType.Int64).unsqueeze(0);
        var x = items.forward(tokens) + positions.forward(pos);
        x = embeddingDropout.forward(x);
        var allowed = AttentionMask(tokens, Config.Causal);
        foreach (var block in blocks) x = block.forward(x, allowed);
        return finalNorm.forward(x);
    }

    /// <summary>Boolean [batch, 1, length, length] mask: a query may see non-padding keys (only earlier or equal
    /// positions when causal), and always itself so that padding rows never attend to nothing.</summary>
    public static Tensor AttentionMask(Tensor tokens, bool causal)
    {
        long l = tokens.shape[1];
        var keyIsItem = tokens.ne(0).unsqueeze(1).unsqueeze(1);
        var self = eye(l, dtype: ScalarType.Bool);
        var allowed = keyIsItem.logical_or(self);
        if (causal) allowed = allowed.logical_and(ones(l, l, dtype: ScalarType.Bool).tril());
        return allowed;
    }

    /// <summary>The item embedding table without padding and mask rows: [itemCount, dim], row i = dense item i.</summary>
    public Tensor ItemTable => items.weight!.narrow(0, 1, Config.ItemCount);

    /// <summary>Embeddings of item tokens (any shape of token ids).</summary>
    public Tensor EmbedTokens(Tensor tokens) => items.forward(tokens);

    /// <summary>Scores [batch, itemCount] for the next item after each row of left-padded prediction tokens (built by
    /// <see cref="SequenceTokens.FillPredictionRow"/>): the last position's hidden state against every item.</summary>
    public Tensor NextItemScores(Tensor tokens)
    {
        var hidden = forward(tokens);
        var last = hidden.select(1, hidden.shape[1] - 1);
        return last.matmul(ItemTable.t());
    }
}
