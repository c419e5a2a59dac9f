using System.CommandLine;
using System.CommandLine.Parsing;
using BundleForge.Neural;

namespace BundleForge.Cli.Training;

/// <summary>The options of the Transformer sequence models (<c>sasrec</c>, <c>bert4rec</c>). <c>--dim</c> and
/// <c>--epochs</c> may already exist on the train command (item2vec has them): then the existing option is shared,
/// and its value applies here only when given explicitly, otherwise the sequence model's own default does.</summary>
internal sealed class SequenceModelOptionSet
{
    private static readonly SequenceModelOptions Defaults = new();

    private readonly Option<int> _dim = new("--dim") { Description = "Vector dimensions (sasrec/bert4rec default 64).", DefaultValueFactory = _ => Defaults.Dim };
    private readonly Option<int> _epochs = new("--epochs") { Description = "Passes over the data (sasrec/bert4rec: at most, default 200, early stopping).", DefaultValueFactory = _ => Defaults.Epochs };
    private readonly Option<int> _maxLength = new("--max-len") { Description = "sasrec/bert4rec: most recent items read per history.", DefaultValueFactory = _ => Defaults.MaxLength };
    private readonly Option<int> _blocks = new("--seq-blocks") { Description = "sasrec/bert4rec: Transformer blocks.", DefaultValueFactory = _ => Defaults.Blocks };
    private readonly Option<int> _heads = new("--seq-heads") { Description = "sasrec/bert4rec: attention heads (must divide --dim).", DefaultValueFactory = _ => Defaults.Heads };
    private readonly Option<double> _dropout = new("--seq-dropout") { Description = "sasrec/bert4rec: dropout rate.", DefaultValueFactory = _ => Defaults.Dropout };
    private readonly Option<string> _loss = new("--seq-loss") { Description = "sasrec/bert4rec: full (softmax over all items), sampled (softmax over --seq-negatives), bce (one negative).", DefaultValueFactory = _ => "full" };
    private readonly Option<int> _negatives = new("--seq-negatives") { Description = "sasrec/bert4rec: negatives per batch for --seq-loss sampled.", DefaultValueFactory = _ => Defaults.Negatives };
    private readonly Option<int> _batch = new("--seq-batch-size") { Description = "sasrec/bert4rec: histories per training step.", DefaultValueFactory = _ => Defaults.BatchSize };
    private readonly Option<double> _lr = new("--seq-lr") { Description = "sasrec/bert4rec: AdamW learning rate.", DefaultValueFactory = _ => Defaults.LearningRate };
    private readonly Option<double> _weightDecay = new("--seq-weight-decay") { Description = "sasrec/bert4rec: AdamW weight decay.", DefaultValueFactory = _ => Defaults.WeightDecay };
    private readonly Option<int> _patience = new("--seq-patience") { Description = "sasrec/bert4rec: stop after this many epochs without a better validation NDCG@10.", DefaultValueFactory = _ => Defaults.Patience };
    private readonly Option<double> _maskProbability = new("--seq-mask-prob") { Description = "bert4rec: share of items masked in training.", DefaultValueFactory = _ => Defaults.MaskProbability };

    private readonly Option<double> _maxMinutes = new("--seq-max-minutes") { Description = "sasrec/bert4rec: stop after the epoch that passes this training time (0 = no limit); the best checkpoint is kept." };

    private readonly Option<bool> _itemFeatures = new("--item-features") { Description = "sasrec/bert4rec: add learned embeddings of each item's category levels, brand and price band to its embedding (helps rarely bought and new items)." };

    private readonly Option<int> _testDays = new("--seq-test-days") { Description = "sasrec/bert4rec: evaluate on a time split instead of leave-last-out: train on purchases before the last N days, test on each user's first order in them (needs real times; 0 = leave-last-out)." };

    private readonly Dictionary<Option<int>, Option> _shared = new();

    public void AddTo(Command train)
    {
        // sasrec and bert4rec share this set; each train command (the CLI's, the demo's) gets it once.
        if (train.Options.Contains(_maxLength)) return;
        foreach (var o in new Option[] { _dim, _epochs, _maxLength, _blocks, _heads, _dropout, _loss, _negatives, _batch, _lr, _weightDecay, _patience, _maskProbability, _maxMinutes, _itemFeatures, _testDays })
        {
            var existing = train.Options.FirstOrDefault(x => x.Name == o.Name);
            if (existing is null) train.Options.Add(o);
            else if (o is Option<int> mine) _shared[mine] = existing;
        }
    }

    public SequenceModelOptions Read(ParseResult p, SequenceModelKind kind, int threads, int seed) => new()
    {
        Kind = kind,
        Dim = Explicit(p, _dim, Defaults.Dim),
        Epochs = Explicit(p, _epochs, Defaults.Epochs),
        MaxLength = p.GetValue(_maxLength),
        Blocks = p.GetValue(_blocks),
        Heads = p.GetValue(_heads),
        Dropout = p.GetValue(_dropout),
        Loss = ParseLoss(p.GetValue(_loss)),
        Negatives = p.GetValue(_negatives),
        BatchSize = p.GetValue(_batch),
        LearningRate = p.GetValue(_lr),
        WeightDecay = p.GetValue(_weightDecay),
        Patience = p.GetValue(_patience),
        MaskProbability = p.GetValue(_maskProbability),
        MaxMinutes = p.GetValue(_maxMinutes),
        Threads = threads,
        Seed = seed,
    };

    /// <summary>Whether <c>--item-features</c> was given.</summary>
    public bool ItemFeatures(ParseResult p) => p.GetValue(_itemFeatures);

    /// <summary>The <c>--seq-test-days</c> of a time split (0 = leave-last-out).</summary>
    public int TestDays(ParseResult p)
    {
        int days = p.GetValue(_testDays);
        if (days < 0) throw new DataException($"--seq-test-days must not be negative, not {days}.", field: "--seq-test-days");
        return days;
    }

    /// <summary>The value of a possibly shared option when the user gave it, else this model's default.</summary>
    private int Explicit(ParseResult p, Option<int> mine, int fallback)
    {
        // Look the shared option up by object, not by name: a name lookup throws when two other trainers share a name.
        Option option = _shared.TryGetValue(mine, out var other) ? other : mine;
        if (p.GetResult(option) is { Implicit: false } given)
        {
            try { return given.GetValueOrDefault<int>(); }
            catch (InvalidCastException) { throw new DataException($"{option.Name} must be a whole number here.", field: option.Name); }
        }
        return fallback;
    }

    private static SequenceLoss ParseLoss(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "full" => SequenceLoss.Full,
        "sampled" => SequenceLoss.Sampled,
        "bce" => SequenceLoss.Bce,
        _ => throw new DataException($"Unknown --seq-loss '{s}'. Known: full, sampled, bce.", field: "--seq-loss"),
    };
}
