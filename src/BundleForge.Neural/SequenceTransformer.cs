using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>The shared SASRec / BERT4Rec network: item and learned position embeddings, pre-LN Transformer blocks
/// and a final layer norm. Item scores are dot products with the (tied) item embeddings. Inputs are left-padded
/// token ids [batch, length], the most recent item in the last column. With item side features, an item's embedding
/// is its own learned vector plus the sum of its features' learned vectors, both on input and in the score table.</summary>
public sealed class SequenceTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding items;
    private readonly Embedding positions;
    private readonly Dropout embeddingDropout;
    private readonly ModuleList<nn.Module<Tensor, Tensor, Tensor>> blocks;
    private readonly LayerNorm finalNorm;
    private readonly Embedding? features;
    /// <summary>Feature ids per token [Vocabulary, ItemFeatureSlots] (rows of padding and mask all 0); a persistent
    /// buffer, so it is saved and loaded with the weights.</summary>
    private readonly Tensor? _tokenFeatures;
    /// <summary>Position ids 0 … MaxLength − 1 as [1, MaxLength] (not a buffer: not saved); a forward narrows it instead
    /// of calling <c>arange</c>, whose number arguments would become per-call Scalars (see <see cref="KeptScalars"/>).</summary>
    private readonly Tensor _positionIds;

    /// <summary>A network for <paramref name="config"/>. When the config has item feature slots,
    /// <paramref name="itemFeatures"/> gives each item's feature ids (for training); without it the table is zeros
    /// until <c>load</c> fills it from saved weights.</summary>
    public SequenceTransformer(SequenceModelConfig config, ItemFeatureTable? itemFeatures = null) : base("sequence_transformer")
    {
        config.Validate();
        Config = config;
        if (itemFeatures is not null && (config.ItemFeatureSlots != itemFeatures.Slots || config.ItemFeatureVocabulary != itemFeatures.Vocabulary || config.ItemCount != itemFeatures.ItemCount))
            throw new ArgumentException("The item feature table does not match the config.", nameof(itemFeatures));
        if (config.ItemFeatureSlots > 0)
            features = nn.Embedding(config.ItemFeatureVocabulary, config.Dim, padding_idx: 0);
        items = nn.Embedding(config.Vocabulary, config.Dim, padding_idx: 0);
        positions = nn.Embedding(config.MaxLength, config.Dim);
        embeddingDropout = nn.Dropout(config.Dropout);
        blocks = nn.ModuleList<nn.Module<Tensor, Tensor, Tensor>>();
        for (int i = 0; i < config.Blocks; i++)
        {
            if (config.Layer == SequenceLayer.Ligr)
                blocks.Add(new LigrBlock($"block{i}", config.Dim, config.Heads, config.Dropout));
            else
                blocks.Add(new TransformerBlock($"block{i}", config.Dim, config.Heads, config.Dropout));
        }
        finalNorm = nn.LayerNorm(config.Dim);
        RegisterComponents();
        var ids = new long[config.MaxLength];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = i;
        _positionIds = tensor(ids, [1, config.MaxLength]).DetachFromDisposeScope();
        if (config.ItemFeatureSlots > 0)
        {
            var table = new long[(long)config.Vocabulary * config.ItemFeatureSlots];
            itemFeatures?.Ids.CopyTo(table.AsSpan(config.ItemFeatureSlots));
            _tokenFeatures = tensor(table, [config.Vocabulary, config.ItemFeatureSlots]);
            register_buffer("token_features", _tokenFeatures);
        }
        using (no_grad())
        {
            // Truncated normal(0, 0.02) as in BERT (TorchSharp's trunc_normal_ filled constants here, so clamp by hand).
            nn.init.normal_(items.weight!, 0, 0.02).clamp_(-0.04, 0.04);
            nn.init.normal_(positions.weight!, 0, 0.02).clamp_(-0.04, 0.04);
            items.weight![0].zero_();
            if (features is not null)
            {
                nn.init.normal_(features.weight!, 0, 0.02).clamp_(-0.04, 0.04);
                features.weight![0].zero_();
            }
        }
    }

    /// <summary>The architecture, and the history rule the trainer sets once it has decided it.</summary>
    public SequenceModelConfig Config { get; internal set; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _positionIds.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The learned embedding tables (items, positions, item features): the parameters that weight decay
    /// leaves alone when <see cref="SequenceModelOptions.DecayEmbeddings"/> is off.</summary>
    internal IEnumerable<TorchSharp.Modules.Parameter> EmbeddingParameters()
    {
        yield return items.weight!;
        yield return positions.weight!;
        if (features is not null)
            yield return features.weight!;
    }

    /// <summary>Hidden states [batch, length, dim] of left-padded token ids [batch, length].</summary>
    public override Tensor forward(Tensor tokens)
    {
        long b = tokens.shape[0], l = tokens.shape[1];
        if (l > Config.MaxLength)
            throw new ArgumentException($"Sequence length {l} exceeds the model's maximum {Config.MaxLength}.");
        // Positions count from the right edge's slot in a MaxLength window, so a short input lines up with the
        // last positions the model saw for recent items in training.
        var pos = _positionIds.narrow(1, Config.MaxLength - l, l);
        // Explicit alpha: no Scalar made per call (see KeptScalars).
        var x = EmbedTokens(tokens).add(positions.forward(pos), KeptScalars.One);
        x = embeddingDropout.forward(x);
        var allowed = AttentionMask(tokens, Config.Causal);
        foreach (var block in blocks)
            x = block.forward(x, allowed);
        return finalNorm.forward(x);
    }

    /// <summary>Boolean [batch, 1, length, length] mask: a query may see non-padding keys (only earlier or equal
    /// positions when causal), and always itself so that padding rows never attend to nothing.</summary>
    public static Tensor AttentionMask(Tensor tokens, bool causal)
    {
        long l = tokens.shape[1];
        var keyIsItem = tokens.ne(KeptScalars.Zero).unsqueeze(1).unsqueeze(1);
        var self = eye(l, dtype: ScalarType.Bool);
        var allowed = keyIsItem.logical_or(self);
        if (causal)
            allowed = allowed.logical_and(ones(l, l, dtype: ScalarType.Bool).tril());
        return allowed;
    }

    /// <summary>The item embedding table without padding and mask rows: [itemCount, dim], row i = dense item i
    /// (plus its features' embeddings when the model has item features).</summary>
    public Tensor ItemTable
    {
        get
        {
            var own = items.weight!.narrow(0, 1, Config.ItemCount);
            if (features is null)
                return own;
            return own.add(FeatureSum(_tokenFeatures!.narrow(0, 1, Config.ItemCount)), KeptScalars.One);
        }
    }

    /// <summary>Embeddings of item tokens (any shape of token ids), features included.</summary>
    public Tensor EmbedTokens(Tensor tokens)
    {
        var own = items.forward(tokens);
        if (features is null)
            return own;
        var shape = new long[tokens.shape.Length + 1];
        tokens.shape.CopyTo(shape, 0);
        shape[^1] = Config.Dim;
        return own.add(FeatureSum(_tokenFeatures!.index_select(0, tokens.reshape(-1))).view(shape), KeptScalars.One);
    }

    /// <summary>Sum over the last axis of feature ids [..., slots] of their embeddings → [..., dim].</summary>
    private Tensor FeatureSum(Tensor featureIds) => features!.forward(featureIds).sum(-2);

    /// <summary>Scores [batch, itemCount] for the next item after each row of left-padded prediction tokens (built by
    /// <see cref="SequenceTokens.FillPredictionRow"/>): the last position's hidden state against every item.</summary>
    public Tensor NextItemScores(Tensor tokens)
    {
        var hidden = forward(tokens);
        var last = hidden.select(1, hidden.shape[1] - 1);
        return last.matmul(ItemTable.t());
    }
}
