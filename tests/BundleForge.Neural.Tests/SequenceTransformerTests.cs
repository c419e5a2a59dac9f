using static TorchSharp.torch;

namespace BundleForge.Neural.Tests;

public class SequenceTransformerTests
{
    private static SequenceTransformer Net(SequenceModelKind kind)
    {
        TorchRuntime.Ensure();
        manual_seed(11);
        var net = new SequenceTransformer(new SequenceModelConfig { Kind = kind, ItemCount = 30, MaxLength = 8, Dim = 16, Blocks = 2, Heads = 2, Dropout = 0.2 });
        net.eval();
        return net;
    }

    private static float[] Hidden(SequenceTransformer net, long[] tokens)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return net.forward(tensor(tokens, [1, tokens.Length])).data<float>().ToArray();
    }

    [Fact]
    public void Causal_mask_never_lets_a_position_see_the_future()
    {
        using var net = Net(SequenceModelKind.SasRec);
        long[] a = [0, 0, 3, 7, 9, 2, 5, 11];
        long[] b = [0, 0, 3, 7, 9, 2, 5, 11];
        b[6] = 20;
        b[7] = 29; // change the two latest items
        var ha = Hidden(net, a);
        var hb = Hidden(net, b);
        int d = 16;
        for (int i = 0; i < 6 * d; i++)
            Assert.Equal(ha[i], hb[i]); // positions 0..5 identical
        Assert.NotEqual(ha.AsSpan(6 * d, d).ToArray(), hb.AsSpan(6 * d, d).ToArray());
    }

    [Fact]
    public void Bidirectional_model_does_see_later_items()
    {
        // The same check must fail without the causal mask, which shows the test above can catch a leak.
        using var net = Net(SequenceModelKind.Bert4Rec);
        long[] a = [0, 0, 3, 7, 9, 2, 5, 11];
        long[] b = [0, 0, 3, 7, 9, 2, 5, 29];
        var ha = Hidden(net, a);
        var hb = Hidden(net, b);
        Assert.NotEqual(ha.AsSpan(2 * 16, 16).ToArray(), hb.AsSpan(2 * 16, 16).ToArray());
    }

    [Fact]
    public void Padding_does_not_change_the_outputs_of_real_positions()
    {
        using var net = Net(SequenceModelKind.SasRec);
        // Same items, different garbage-free padding length: the attention mask hides padding keys, and positions
        // are counted from the right, so the last position's output must not depend on how much padding precedes.
        var full = Hidden(net, [0, 0, 0, 0, 0, 4, 6, 8]);
        var shortRow = Hidden(net, [0, 4, 6, 8]);
        var lastFull = full.AsSpan(7 * 16, 16).ToArray();
        var lastShort = shortRow.AsSpan(3 * 16, 16).ToArray();
        for (int i = 0; i < 16; i++)
            Assert.Equal(lastFull[i], lastShort[i], 4);
    }
}
