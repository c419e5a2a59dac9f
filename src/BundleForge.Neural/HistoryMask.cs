using static TorchSharp.torch;

namespace BundleForge.Neural;

/// <summary>Ranks the items of each history last in a batch of scores: the one masking step of a sequence model that
/// learned its shop's customers do not re-buy (<see cref="SequenceModelConfig.MaskHistory"/>).</summary>
internal static class HistoryMask
{
    /// <summary>Sets row r's score of every item of history r (<c>items[offsets[r]..offsets[r + 1]]</c>, dense ids) to
    /// −∞ in <paramref name="scores"/> [rows, <paramref name="itemCount"/>]; returns the contiguous masked scores.</summary>
    public static Tensor Apply(Tensor scores, ReadOnlySpan<int> offsets, ReadOnlySpan<int> items, int itemCount)
    {
        int rows = offsets.Length - 1;
        var flat = new long[offsets[rows] - offsets[0]];
        int at = 0;
        for (int r = 0; r < rows; r++)
            for (int x = offsets[r]; x < offsets[r + 1]; x++)
                flat[at++] = (long)r * itemCount + items[x];
        var masked = scores.contiguous();
        if (flat.Length > 0)
            masked.view(-1).index_fill_(0, tensor(flat), KeptScalars.NegativeInfinity);
        return masked;
    }
}
