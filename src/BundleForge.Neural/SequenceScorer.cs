using BundleForge.Artifacts;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>Serves a trained sequence model: the top-k next items for one history (a few milliseconds on CPU) or
/// for many histories at once. Histories and results are dense item ids of the model's own catalog
/// (<see cref="ItemIds"/> maps them to shop ids). The top-k follow the model's history rule
/// (<see cref="SequenceModelConfig.MaskHistory"/>): a model that learned its shop's customers do not re-buy never
/// returns an item of the history. Not thread-safe: use one scorer per thread or lock around it.</summary>
public sealed class SequenceScorer : IDisposable
{
    private readonly Dictionary<string, int> _index;

    public SequenceScorer(SequenceTransformer network, string[] itemIds)
    {
        Network = network;
        ItemIds = itemIds;
        _index = new Dictionary<string, int>(itemIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < itemIds.Length; i++)
            _index.TryAdd(itemIds[i], i);
        network.eval();
    }

    public SequenceTransformer Network { get; }
    /// <summary>The shop item id of each dense model item.</summary>
    public string[] ItemIds { get; }
    public SequenceModelConfig Config => Network.Config;

    /// <summary>Opens the <c>sasrec</c> or <c>bert4rec</c> component (the first present when null) of a model folder.</summary>
    public static SequenceScorer Load(string modelDirectory, string? component = null)
    {
        var reader = ModelReader.Open(modelDirectory);
        component ??= reader.Has("sasrec") ? "sasrec" : "bert4rec";
        var (net, ids) = SequenceModelArtifact.Read(reader, component);
        return new SequenceScorer(net, ids);
    }

    /// <summary>Dense model id of a shop item id, or -1 when the model does not know it.</summary>
    public int IndexOf(string itemId) => _index.TryGetValue(itemId, out var i) ? i : -1;

    /// <summary>Whether <see cref="TopK"/> and <see cref="TopKBatch"/> leave the history's items out by default.</summary>
    public bool MasksHistory => Config.MaskHistory == true;

    /// <summary>The <paramref name="k"/> best next items after <paramref name="history"/>, best first; the history's
    /// items are left out when <paramref name="excludeHistory"/> says so, or by default when the model masks them.</summary>
    /// <remarks>Only the real tokens are fed (no left padding): positions count from the right edge and padding is
    /// masked, so the answer is the padded one's at a fraction of the cost for short histories. Safe to call from
    /// several threads at once (inference only, no gradients, per-thread dispose scopes).</remarks>
    public (int Item, float Score)[] TopK(ReadOnlySpan<int> history, int k, bool? excludeHistory = null)
    {
        bool masked = Config.Kind == SequenceModelKind.Bert4Rec;
        int room = masked ? Config.MaxLength - 1 : Config.MaxLength;
        int length = Math.Max(1, Math.Min(room, history.Length) + (masked ? 1 : 0));
        var tokens = new long[length];
        SequenceTokens.FillPredictionRow(tokens, history, Config);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var scores = Network.NextItemScores(tensor(tokens, [1, length]));
        if ((excludeHistory ?? MasksHistory) && history.Length > 0)
        {
            var seen = new long[history.Length];
            for (int i = 0; i < seen.Length; i++)
                seen[i] = history[i];
            scores.index_fill_(1, tensor(seen), KeptScalars.NegativeInfinity);
        }
        return Top(scores, 1, k)[0];
    }

    /// <summary>Top-k for many histories, scored <paramref name="batchSize"/> at a time (offline jobs), under the
    /// model's history rule.</summary>
    public (int Item, float Score)[][] TopKBatch(IReadOnlyList<int[]> histories, int k, int batchSize = 256)
    {
        var result = new (int, float)[histories.Count][];
        int l = Config.MaxLength;
        var tokens = new long[batchSize * l];
        var offsets = new int[batchSize + 1];
        var items = new List<int>();
        using var _ = no_grad();
        for (int start = 0; start < histories.Count; start += batchSize)
        {
            int b = Math.Min(batchSize, histories.Count - start);
            for (int r = 0; r < b; r++)
                SequenceTokens.FillPredictionRow(tokens.AsSpan(r * l, l), histories[start + r], Config);
            using var scope = NewDisposeScope();
            var scores = Network.NextItemScores(tensor(tokens.AsSpan(0, b * l).ToArray(), [b, l]));
            if (MasksHistory)
            {
                items.Clear();
                for (int r = 0; r < b; r++)
                {
                    items.AddRange(histories[start + r]);
                    offsets[r + 1] = items.Count;
                }
                scores = HistoryMask.Apply(scores, offsets.AsSpan(0, b + 1), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items), Config.ItemCount);
            }
            var top = Top(scores, b, k);
            Array.Copy(top, 0, result, start, b);
        }
        return result;
    }

    /// <summary>Raw scores of every item after <paramref name="history"/> (index = dense item id), before the history
    /// rule.</summary>
    public float[] Scores(ReadOnlySpan<int> history)
    {
        var tokens = new long[Config.MaxLength];
        SequenceTokens.FillPredictionRow(tokens, history, Config);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return Network.NextItemScores(tensor(tokens, [1, Config.MaxLength])).data<float>().ToArray();
    }

    private (int, float)[][] Top(Tensor scores, int rows, int k)
    {
        k = Math.Clamp(k, 0, Config.ItemCount);
        var rowsOut = new (int, float)[rows][];
        if (k == 0)
        { for (int r = 0; r < rows; r++) rowsOut[r] = []; return rowsOut; }
        var (values, indices) = scores.topk(k, 1);
        var v = values.data<float>().ToArray();
        var ix = indices.data<long>().ToArray();
        for (int r = 0; r < rows; r++)
        {
            var row = new (int, float)[k];
            for (int j = 0; j < k; j++)
                row[j] = ((int)ix[r * k + j], v[r * k + j]);
            rowsOut[r] = row;
        }
        return rowsOut;
    }

    public void Dispose() => Network.Dispose();
}
