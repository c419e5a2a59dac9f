using System.Runtime.InteropServices;
using BundleForge.Evaluation.NextItem;
using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>A sequence network as the core's next-item evaluation sees it (<see cref="INextItemScorer"/>): one forward
/// pass per batch, each batch padded only to its longest history, and the top k taken on the scored tensor. A model
/// that learned to mask the history (<see cref="SequenceModelConfig.MaskHistory"/>) scores each history's items −∞,
/// so they are ranked last and never in the top k.</summary>
public sealed class SequenceNextItemScorer(SequenceTransformer network, bool ownsNetwork = false) : INextItemScorer
{
    public int ItemCount => network.Config.ItemCount;

    public void Score(ReadOnlySpan<int> offsets, ReadOnlySpan<int> items, Span<float> scores, int k, Span<int> top)
    {
        var config = network.Config;
        int b = offsets.Length - 1;
        int n = config.ItemCount;
        int longest = 0;
        for (int r = 0; r < b; r++)
            longest = Math.Max(longest, offsets[r + 1] - offsets[r]);
        int l = Math.Clamp(config.Kind == SequenceModelKind.Bert4Rec ? longest + 1 : longest, 1, config.MaxLength);
        var tokens = new long[b * l];
        for (int r = 0; r < b; r++)
            SequenceTokens.FillPredictionRow(tokens.AsSpan(r * l, l), items[offsets[r]..offsets[r + 1]], config);
        // Evaluation may run in the middle of training (validation after each epoch): no dropout here, and the mode
        // the trainer set is restored afterwards.
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var s = network.NextItemScores(tensor(tokens, [b, l]));
            if (config.MaskHistory == true)
                s = HistoryMask.Apply(s, offsets, items, n);
            // One block copy of the native buffer: TorchSharp's accessor copies element by element through an index
            // iterator, which took a quarter of a validation pass's time (b × n floats per batch).
            MemoryMarshal.Cast<byte, float>(s.contiguous().bytes)[..(b * n)].CopyTo(scores);
            if (k <= 0)
                return;
            var (_, indices) = s.topk(k, 1);
            var best = MemoryMarshal.Cast<byte, long>(indices.contiguous().bytes);
            for (int i = 0; i < b * k; i++)
                top[i] = (int)best[i];
        }
        finally
        {
            if (wasTraining)
                network.train();
        }
    }

    /// <summary>Disposes the network only when this scorer owns it (one loaded for the evaluation alone).</summary>
    public void Dispose()
    {
        if (ownsNetwork)
            network.Dispose();
    }
}
