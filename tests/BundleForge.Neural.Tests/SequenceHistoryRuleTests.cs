using BundleForge.Artifacts;
using BundleForge.Evaluation.NextItem;
using BundleForge.Splits;

namespace BundleForge.Neural.Tests;

/// <summary>The repeat-aware scorer: the trainer learns from the data whether to rank a user's own past items last,
/// stores the decision with the model, and every scoring path applies it.</summary>
public class SequenceHistoryRuleTests
{
    private const int Items = 40;

    private static SequenceModelOptions Small(SequenceHistoryRule rule, int epochs = 3) => new()
    {
        Kind = SequenceModelKind.SasRec,
        MaxLength = 10,
        Dim = 16,
        Blocks = 1,
        Heads = 2,
        Dropout = 0.1,
        Epochs = epochs,
        Patience = epochs,
        BatchSize = 32,
        LearningRate = 5e-3,
        Seed = 7,
        Threads = 2,
        History = rule,
    };

    [Fact]
    public void A_shop_whose_customers_never_rebuy_learns_to_mask_the_history()
    {
        var seqs = SyntheticSequences.Successors(users: 300, Items, minLength: 4, maxLength: 9, seed: 1);
        var result = SequenceTrainer.Train(seqs, Items, Small(SequenceHistoryRule.Auto));
        using var network = result.Network;

        var h = result.History;
        Assert.Equal(SequenceHistoryRule.Auto, h.Rule);
        Assert.True(h.Masked, $"kept {h.ValidNdcg10Kept}, masked {h.ValidNdcg10Masked}");
        Assert.True(h.ValidNdcg10Masked > h.ValidNdcg10Kept, $"kept {h.ValidNdcg10Kept}, masked {h.ValidNdcg10Masked}");
        Assert.Equal(result.BestValidNdcg10, h.ValidNdcg10Masked);
        Assert.Equal(0, h.TrainRepeatShare);
        Assert.True(network.Config.MaskHistory);

        // The test figures are the masked ones: the same network with the history ranked last by the evaluator.
        var split = LeaveLastOut.Create(seqs);
        var unmasked = new SequenceTransformer(network.Config with { MaskHistory = false });
        unmasked.load_state_dict(network.state_dict());
        using var raw = new SequenceNextItemScorer(unmasked, ownsNetwork: true);
        var filtered = NextItemEvaluator.Evaluate(raw, split, test: true, excludeHistory: true);
        Assert.Equal(filtered.NdcgAt(10), result.Test.NdcgAt(10), 12);
        Assert.Equal(filtered.HitRateAt(10), result.Test.HitRateAt(10), 12);
        Assert.True(result.Test.NdcgAt(10) > NextItemEvaluator.Evaluate(raw, split, test: true).NdcgAt(10));
    }

    [Fact]
    public void A_shop_of_repeat_purchases_learns_to_keep_the_history()
    {
        var seqs = SyntheticSequences.Favourites(users: 300, Items, minLength: 6, maxLength: 9, seed: 2);
        var result = SequenceTrainer.Train(seqs, Items, Small(SequenceHistoryRule.Auto));
        using var network = result.Network;

        var h = result.History;
        Assert.False(h.Masked, $"kept {h.ValidNdcg10Kept}, masked {h.ValidNdcg10Masked}");
        Assert.Equal(0, h.ValidNdcg10Masked); // every validation target is one of the user's own favourites
        Assert.True(h.ValidNdcg10Kept > 0.3, $"kept {h.ValidNdcg10Kept}");
        Assert.True(h.TrainRepeatShare > 0.5, $"repeat share {h.TrainRepeatShare}");
        Assert.False(network.Config.MaskHistory);
        Assert.True(result.Test.HitRateAt(10) > 0.5, $"HR@10 {result.Test.HitRateAt(10)}");
    }

    [Fact]
    public void A_fixed_rule_overrides_what_the_data_would_choose_and_measures_one_way_only()
    {
        var seqs = SyntheticSequences.Favourites(users: 120, Items, minLength: 6, maxLength: 8, seed: 3);
        var masked = SequenceTrainer.Train(seqs, Items, Small(SequenceHistoryRule.Mask, epochs: 1));
        using (masked.Network)
        {
            Assert.True(masked.History.Masked);
            Assert.True(masked.Network.Config.MaskHistory);
            Assert.True(double.IsNaN(masked.History.ValidNdcg10Kept));
            Assert.Equal(0, masked.History.ValidNdcg10Masked);
            Assert.Equal(0, masked.Test.HitRateAt(20)); // every test target is in its own history
        }
        var kept = SequenceTrainer.Train(LeaveLastOutFree(), Items, Small(SequenceHistoryRule.Keep, epochs: 1));
        using (kept.Network)
        {
            Assert.False(kept.History.Masked);
            Assert.False(kept.Network.Config.MaskHistory);
            Assert.True(double.IsNaN(kept.History.ValidNdcg10Masked));
        }

        static Data.UserSequences LeaveLastOutFree() => SyntheticSequences.Successors(users: 120, Items, 4, 8, seed: 4);
    }

    [Fact]
    public void Masked_scoring_never_returns_a_history_item_and_the_decision_survives_the_folder()
    {
        var seqs = SyntheticSequences.Successors(users: 120, Items, minLength: 4, maxLength: 9, seed: 5);
        var result = SequenceTrainer.Train(seqs, Items, Small(SequenceHistoryRule.Mask, epochs: 2));
        var dir = Path.Combine(Path.GetTempPath(), "bf-neural-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var w = new ModelWriter(dir, "fingerprint", "test"))
            {
                SequenceModelArtifact.Write(w, result.Network, SyntheticSequences.ItemIds(Items));
                w.Commit();
            }
            result.Network.Dispose();
            using var scorer = SequenceScorer.Load(dir);
            Assert.True(scorer.MasksHistory);

            var histories = Enumerable.Range(0, seqs.Count).Select(u => seqs[u].ToArray()).ToArray();
            const int k = 20; // half the catalogue: an unmasked list would hold history items
            int unmaskedHits = 0;
            foreach (var history in histories)
            {
                Assert.DoesNotContain(scorer.TopK(history, k), x => history.Contains(x.Item));
                unmaskedHits += scorer.TopK(history, k, excludeHistory: false).Count(x => history.Contains(x.Item));
            }
            Assert.True(unmaskedHits > 0, "the same scorer without the mask never put a history item in its top 20, so this test proves nothing");

            var batch = scorer.TopKBatch(histories, k, batchSize: 16);
            for (int u = 0; u < histories.Length; u++)
            {
                Assert.DoesNotContain(batch[u], x => histories[u].Contains(x.Item));
                Assert.Equal(scorer.TopK(histories[u], k).Select(x => x.Item), batch[u].Select(x => x.Item));
            }

            // The evaluation's scorer, as opened from the folder by evaluate: history items scored −∞ and never in its top k.
            var reader = ModelReader.Open(dir);
            using var opened = new SequenceNextItemLoader("sasrec").Load(reader);
            int[] offsets = [0, histories[0].Length, histories[0].Length + histories[1].Length];
            var items = histories[0].Concat(histories[1]).ToArray();
            var scores = new float[2 * Items];
            var top = new int[2 * k];
            opened.Scorer.Score(offsets, items, scores, k, top);
            for (int r = 0; r < 2; r++)
                foreach (var i in histories[r])
                {
                    Assert.Equal(float.NegativeInfinity, scores[r * Items + i]);
                    Assert.DoesNotContain(i, top.AsSpan(r * k, k).ToArray());
                }
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }
}
