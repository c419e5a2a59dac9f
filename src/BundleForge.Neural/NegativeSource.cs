using BundleForge.Embeddings;
using BundleForge.Splits;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>The negatives of the sampled softmax: how many a batch shares, how they are drawn (uniformly or by
/// training popularity, through item2vec's <see cref="NegativeSamplingTable"/>), and their logQ correction.</summary>
internal sealed class NegativeSource : IDisposable
{
    /// <summary>The exponent on training counts for popularity sampling (item2vec's smoothing).</summary>
    private const double Power = 0.75;

    private readonly NegativeSamplingTable? _table;
    private readonly int _itemCount;

    private NegativeSource(int count, int itemCount, NegativeSamplingTable? table, Tensor? logKq)
    {
        Count = count;
        _itemCount = itemCount;
        _table = table;
        LogKq = logKq;
    }

    /// <summary>Negatives drawn per batch.</summary>
    public int Count { get; }

    /// <summary>ln(k·q) per token [itemCount + 1] (q = the probability of drawing the item, k = <see cref="Count"/>),
    /// to subtract from the negatives' logits; null without the logQ correction.</summary>
    public Tensor? LogKq { get; }

    /// <summary>The source <paramref name="options"/> ask for; popularity counts the items of the training
    /// sequences of <paramref name="trainUsers"/>.</summary>
    public static NegativeSource Create(LeaveLastOut split, IReadOnlyList<int> trainUsers, int itemCount, SequenceModelOptions options)
    {
        int k = Math.Min(options.Negatives, itemCount);
        var q = new double[itemCount];
        NegativeSamplingTable? table = null;
        if (options.NegativeSampling == SequenceNegativeSampling.Popularity)
        {
            var counts = new long[itemCount];
            foreach (var u in trainUsers)
                foreach (var item in split.TrainOf(u))
                    counts[item]++;
            table = new NegativeSamplingTable(counts, Power);
            double total = 0;
            for (int i = 0; i < itemCount; i++)
                total += q[i] = Math.Pow(counts[i], Power);
            for (int i = 0; i < itemCount; i++)
                q[i] /= total;
        }
        else
            Array.Fill(q, 1.0 / itemCount);
        Tensor? logKq = null;
        if (options.LogQCorrection)
        {
            var values = new float[itemCount + 1];
            for (int i = 0; i < itemCount; i++)
                values[i + 1] = q[i] > 0 ? (float)Math.Log(k * q[i]) : 0f; // never drawn: never used
            logKq = tensor(values).DetachFromDisposeScope();
        }
        return new NegativeSource(k, itemCount, table, logKq);
    }

    /// <summary>One negative as a token (item + 1).</summary>
    public long DrawToken(ref SeededRandom rng) => 1 + (_table is null ? rng.NextInt(_itemCount) : _table.Draw(rng.NextULong()));

    public void Dispose() => LogKq?.Dispose();
}
