namespace BundleForge.Neural;

/// <summary>Turns item histories into the left-padded token rows the network reads (token = dense item + 1).</summary>
public static class SequenceTokens
{
    /// <summary>Fills <paramref name="row"/> (length <c>MaxLength</c>) for predicting the item after
    /// <paramref name="history"/>: the most recent items right-aligned; BERT4Rec appends its mask token.</summary>
    public static void FillPredictionRow(Span<long> row, ReadOnlySpan<int> history, SequenceModelConfig config)
    {
        row.Clear();
        int room = config.Kind == SequenceModelKind.Bert4Rec ? row.Length - 1 : row.Length;
        int take = Math.Min(room, history.Length);
        var recent = history[^take..];
        int start = room - take;
        for (int i = 0; i < take; i++)
        {
            int item = recent[i];
            if ((uint)item >= (uint)config.ItemCount)
                throw new ArgumentOutOfRangeException(nameof(history), $"Item {item} is outside the model's {config.ItemCount} items.");
            row[start + i] = item + 1;
        }
        if (config.Kind == SequenceModelKind.Bert4Rec)
            row[^1] = config.MaskToken;
    }

    /// <summary>SASRec training row: inputs are the sequence without its last item, targets the sequence shifted by
    /// one (0 = no target), both right-aligned over the last <c>MaxLength + 1</c> items.</summary>
    public static void FillNextItemRow(Span<long> input, Span<long> target, ReadOnlySpan<int> sequence)
    {
        input.Clear();
        target.Clear();
        int l = input.Length;
        int take = Math.Min(sequence.Length, l + 1);
        var w = sequence[^take..];
        int start = l - (take - 1);
        for (int i = 0; i < take - 1; i++)
        {
            input[start + i] = w[i] + 1;
            target[start + i] = w[i + 1] + 1;
        }
    }

    /// <summary>BERT4Rec training row: the last <c>MaxLength</c> items with each replaced by the mask token with
    /// probability <paramref name="maskProbability"/> (at least one, the last when none was drawn); targets hold the
    /// original token at masked positions and 0 elsewhere.</summary>
    public static void FillMaskedRow(Span<long> input, Span<long> target, ReadOnlySpan<int> sequence, SequenceModelConfig config,
                                     double maskProbability, ref SeededRandom rng)
    {
        input.Clear();
        target.Clear();
        int l = input.Length;
        int take = Math.Min(sequence.Length, l);
        var w = sequence[^take..];
        int start = l - take;
        bool any = false;
        for (int i = 0; i < take; i++)
        {
            long token = w[i] + 1;
            if (rng.NextDouble() < maskProbability)
            {
                input[start + i] = config.MaskToken;
                target[start + i] = token;
                any = true;
            }
            else
                input[start + i] = token;
        }
        if (!any && take > 0)
        {
            target[l - 1] = input[l - 1];
            input[l - 1] = config.MaskToken;
        }
    }
}
