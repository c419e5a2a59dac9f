using BundleForge.Data;
using BundleForge.Evaluation.Metrics;
using BundleForge.Evaluation.NextItem;
using BundleForge.Splits;

namespace BundleForge.Core.Tests.Evaluation.NextItem;

public class NextItemEvaluatorTests
{
    /// <summary>Scores every item by a fixed weight whatever the history; its top k follow the weights, ties to the
    /// lower id.</summary>
    private sealed class FixedScorer(float[] weights) : INextItemScorer
    {
        public int ItemCount => weights.Length;

        public void Score(ReadOnlySpan<int> offsets, ReadOnlySpan<int> items, Span<float> scores, int k, Span<int> top)
        {
            var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).Take(k).ToArray();
            for (int r = 0; r + 1 < offsets.Length; r++)
            {
                weights.CopyTo(scores.Slice(r * weights.Length, weights.Length));
                order.CopyTo(top.Slice(r * k, k));
            }
        }

        public void Dispose() { }
    }

    /// <summary>Puts the successor of each history's last item first (item i is followed by i + 1 mod n) and records
    /// the batches it was given.</summary>
    private sealed class SuccessorScorer(int n) : INextItemScorer
    {
        public List<int[][]> Batches { get; } = [];
        public int ItemCount => n;

        public void Score(ReadOnlySpan<int> offsets, ReadOnlySpan<int> items, Span<float> scores, int k, Span<int> top)
        {
            var batch = new int[offsets.Length - 1][];
            for (int r = 0; r < batch.Length; r++)
            {
                batch[r] = items[offsets[r]..offsets[r + 1]].ToArray();
                int next = (batch[r][^1] + 1) % n;
                var row = scores.Slice(r * n, n);
                row.Clear();
                row[next] = 1;
                for (int j = 0; j < k; j++)
                    top[r * k + j] = (next + j) % n;
            }
            Batches.Add(batch);
        }

        public void Dispose() { }
    }

    [Fact]
    public void Best_rank_is_that_of_the_highest_scored_target_with_ties_against_the_model()
    {
        float[] scores = [0.5f, 0.9f, 0.1f, 0.9f, 0.3f];
        Assert.Equal(0, NextItemEvaluator.BestRank(scores, [1]));
        Assert.Equal(1, NextItemEvaluator.BestRank(scores, [3]));      // tied with item 1, which has a lower id
        Assert.Equal(2, NextItemEvaluator.BestRank(scores, [2, 0]));   // 0.5 is behind both 0.9s
        Assert.Equal(1, NextItemEvaluator.BestRank(scores, [4, 3]));   // the better target counts
        Assert.Equal(4, NextItemEvaluator.BestRank(scores, [2]));
    }

    [Fact]
    public void A_scorer_ranking_by_training_counts_scores_exactly_as_the_popularity_baseline()
    {
        var seqs = Sequences(users: 60, items: 25, seed: 3);
        var split = LeaveLastOut.Create(seqs);
        var counts = new float[25];
        for (int u = 0; u < seqs.Count; u++)
            foreach (var i in split.TrainOf(u))
                counts[i]++;
        using var scorer = new FixedScorer(counts);
        foreach (bool test in new[] { true, false })
            AssertSame(PopularityBaseline.Evaluate(split, 25, test), NextItemEvaluator.Evaluate(scorer, split, test, batchSize: 7));

        var timed = SequenceTimeSplit.Create(seqs, testDays: 3);
        Assert.True(timed.CaseCount > 5, $"{timed.CaseCount} cases");
        var trainCounts = new float[25];
        foreach (var i in timed.Train.Items)
            trainCounts[i]++;
        using var timedScorer = new FixedScorer(trainCounts);
        AssertSame(PopularityBaseline.Evaluate(timed, 25), NextItemEvaluator.Evaluate(timedScorer, timed, batchSize: 4));

        // With the users' histories ranked last, popularity and the same scorer still agree, and both gain.
        foreach (bool test in new[] { true, false })
        {
            var excluded = NextItemEvaluator.Evaluate(scorer, split, test, excludeHistory: true, batchSize: 7);
            AssertSame(PopularityBaseline.Evaluate(split, 25, test, excludeHistory: true), excluded);
            Assert.True(excluded.Mrr > PopularityBaseline.Evaluate(split, 25, test).Mrr);
        }
        AssertSame(PopularityBaseline.Evaluate(timed, 25, excludeHistory: true), NextItemEvaluator.Evaluate(timedScorer, timed, excludeHistory: true, batchSize: 4));
    }

    [Fact]
    public void Excluding_the_history_ranks_the_users_own_items_last_and_a_repeated_target_is_missed()
    {
        // User 0 bought 0, 1, then 3 (target 3, test history 0, 1); user 1 bought 2, 4, then 2 again (target 2, in the
        // history). Twelve items, the scorer prefers lower ids.
        var seqs = new UserSequences([0, 3, 6], [0, 1, 3, 2, 4, 2], new long[6]);
        var split = LeaveLastOut.Create(seqs);
        using var scorer = new FixedScorer([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        var kept = NextItemEvaluator.Evaluate(scorer, split, test: true);
        var excluded = NextItemEvaluator.Evaluate(scorer, split, test: true, excludeHistory: true);
        // Kept: target 3 behind 0, 1, 2 (rank 3); target 2 behind 0, 1 (rank 2).
        Assert.Equal((1.0 / 4 + 1.0 / 3) / 2, kept.Mrr, 12);
        Assert.Equal(1.0, kept.HitRateAt(5), 12);
        // Excluded: target 3 behind 2 only (rank 1); target 2 is in its own history, so behind the ten other items.
        Assert.Equal((1.0 / 2 + 1.0 / 11) / 2, excluded.Mrr, 12);
        Assert.Equal(0.5, excluded.HitRateAt(5), 12);
        // Coverage counts the lists shown: items 0-9 for both users when kept; 2-11 and 0, 1, 3, 5-11 when excluded.
        Assert.Equal(10.0 / 12, kept.Coverage, 12);
        Assert.Equal(1.0, excluded.Coverage, 12);
    }

    [Fact]
    public void Both_ways_from_one_pass_equal_the_kept_and_the_excluded_evaluations()
    {
        var seqs = new UserSequences([0, 3, 6], [0, 1, 3, 2, 4, 2], new long[6]);
        var split = LeaveLastOut.Create(seqs);
        using var scorer = new FixedScorer([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        var (kept, masked) = NextItemEvaluator.EvaluateBothWays(scorer, split, test: true);
        AssertSame(NextItemEvaluator.Evaluate(scorer, split, test: true), kept);
        AssertSame(NextItemEvaluator.Evaluate(scorer, split, test: true, excludeHistory: true), masked);
        // The two differ here (a repeated target, filtered competitors), so equal results are no accident.
        Assert.NotEqual(kept.Mrr, masked.Mrr);

        var bigger = LeaveLastOut.Create(Sequences(users: 60, items: 25, seed: 9));
        var counts = new float[25];
        for (int u = 0; u < bigger.Sequences.Count; u++)
            foreach (var i in bigger.TrainOf(u))
                counts[i]++;
        using var popular = new FixedScorer(counts);
        foreach (bool test in new[] { true, false })
        {
            var (k, m) = NextItemEvaluator.EvaluateBothWays(popular, bigger, test, batchSize: 7);
            AssertSame(NextItemEvaluator.Evaluate(popular, bigger, test, batchSize: 7), k);
            AssertSame(NextItemEvaluator.Evaluate(popular, bigger, test, excludeHistory: true, batchSize: 7), m);
        }
    }

    [Fact]
    public void Each_user_is_scored_once_on_the_right_history_in_batches_of_similar_length()
    {
        var seqs = Sequences(users: 50, items: 30, seed: 5);
        var split = LeaveLastOut.Create(seqs);
        foreach (bool test in new[] { true, false })
        {
            var scorer = new SuccessorScorer(30);
            var m = NextItemEvaluator.Evaluate(scorer, split, test, batchSize: 8);
            // Consecutive sequences: the successor of the last history item is always the target.
            Assert.Equal(1.0, m.HitRateAt(5));
            Assert.Equal(1.0, m.Mrr);
            int evaluable = Enumerable.Range(0, seqs.Count).Count(split.IsEvaluable);
            Assert.Equal(evaluable, m.Queries);
            var seen = scorer.Batches.SelectMany(b => b).ToList();
            Assert.Equal(evaluable, seen.Count);
            Assert.All(scorer.Batches, b => Assert.InRange(b.Length, 1, 8));
            var lengths = seen.Select(h => h.Length).ToList();
            Assert.Equal(lengths.Order(), lengths);
            var expected = Enumerable.Range(0, seqs.Count).Where(split.IsEvaluable)
                .Select(u => (test ? split.TestHistoryOf(u) : split.ValidHistoryOf(u)).ToArray()).OrderBy(h => h.Length).ToList();
            Assert.Equal(expected.Select(h => string.Join(",", h)).Order(), seen.Select(h => string.Join(",", h)).Order());
        }
    }

    [Fact]
    public void The_batch_size_does_not_change_the_metrics()
    {
        var seqs = Sequences(users: 40, items: 12, seed: 9);
        var split = LeaveLastOut.Create(seqs);
        var weights = new float[12];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (i * 7) % 5;   // ties on purpose
        using var scorer = new FixedScorer(weights);
        var one = NextItemEvaluator.Evaluate(scorer, split, test: true, batchSize: 1);
        AssertSame(one, NextItemEvaluator.Evaluate(scorer, split, test: true, batchSize: 5));
        AssertSame(one, NextItemEvaluator.Evaluate(scorer, split, test: true));
    }

    /// <summary>Same metrics up to the order the per-query gains were summed in.</summary>
    private static void AssertSame(RankingMetrics expected, RankingMetrics actual)
    {
        var e = expected.ToDictionary();
        var a = actual.ToDictionary();
        Assert.Equal(e.Keys, a.Keys);
        foreach (var (key, value) in e)
            Assert.True(Math.Abs(value - a[key]) < 1e-12, $"{key}: {value} vs {a[key]}");
    }

    /// <summary>Runs of consecutive items (i then i + 1 mod n) from random starts, one purchase a day ending on day 10.</summary>
    private static UserSequences Sequences(int users, int items, int seed)
    {
        var rng = new Random(seed);
        var offsets = new int[users + 1];
        var list = new List<int>();
        var time = new List<long>();
        for (int u = 0; u < users; u++)
        {
            int len = rng.Next(2, 9), start = rng.Next(items);
            for (int k = 0; k < len; k++)
            { list.Add((start + k) % items); time.Add((10 - len + k + 1) * 86_400L); }
            offsets[u + 1] = list.Count;
        }
        return new UserSequences(offsets, list.ToArray(), time.ToArray());
    }
}
