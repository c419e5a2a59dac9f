namespace BundleForge.Neural.Tests;

public class SequenceTokensTests
{
    private static readonly SequenceModelConfig Sas = new() { Kind = SequenceModelKind.SasRec, ItemCount = 10, MaxLength = 4 };
    private static readonly SequenceModelConfig Bert = Sas with { Kind = SequenceModelKind.Bert4Rec };

    [Fact]
    public void Prediction_rows_are_left_padded_and_keep_the_most_recent_items()
    {
        var row = new long[4];
        SequenceTokens.FillPredictionRow(row, [5, 6], Sas);
        Assert.Equal([0, 0, 6, 7], row);
        SequenceTokens.FillPredictionRow(row, [1, 2, 3, 4, 5, 6], Sas);
        Assert.Equal([4, 5, 6, 7], row);
        SequenceTokens.FillPredictionRow(row, [1, 2, 3, 4, 5, 6], Bert);
        Assert.Equal([5, 6, 7, Bert.MaskToken], row);
    }

    [Fact]
    public void Next_item_rows_pair_each_item_with_its_successor()
    {
        var input = new long[4];
        var target = new long[4];
        SequenceTokens.FillNextItemRow(input, target, [2, 3, 4]);
        Assert.Equal([0, 0, 3, 4], input);
        Assert.Equal([0, 0, 4, 5], target);
        SequenceTokens.FillNextItemRow(input, target, [0, 1, 2, 3, 4, 5, 6]);
        Assert.Equal([3, 4, 5, 6], input);
        Assert.Equal([4, 5, 6, 7], target);
    }

    [Fact]
    public void Masked_rows_mask_at_least_one_item_and_target_only_masked_positions()
    {
        var rng = new SeededRandom(1);
        var input = new long[4];
        var target = new long[4];
        for (int trial = 0; trial < 50; trial++)
        {
            SequenceTokens.FillMaskedRow(input, target, [2, 3, 4], Bert, 0.3, ref rng);
            Assert.Equal(0, input[0]);
            int masked = 0;
            for (int i = 1; i < 4; i++)
            {
                if (input[i] == Bert.MaskToken)
                { masked++; Assert.Equal(i + 2, target[i]); }
                else
                { Assert.Equal(0, target[i]); Assert.Equal(i + 2, input[i]); }
            }
            Assert.True(masked >= 1);
        }
    }

    [Fact]
    public void Items_outside_the_catalog_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SequenceTokens.FillPredictionRow(new long[4], [10], Sas));
    }
}
