using BundleForge.Neural;
using BundleForge.Server.Components;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Tests.Components;

/// <summary>The served SASRec path scores exactly like the model's own scorer, and concurrent requests do not
/// interfere.</summary>
public class SasRecRecommenderTests
{
    private static (SasRecRecommender Recommender, SequenceScorer Scorer) Load()
    {
        var dir = TestData.WriteModel(sasrec: true);
        var model = ServingModel.Load(dir, TestData.Pseudonymizer);
        return ((SasRecRecommender)model.Components.Single(c => c is SasRecRecommender), SequenceScorer.Load(dir, "sasrec"));
    }

    private static UserSnapshot Shopper(params (int Item, EventType Type)[] session) =>
        new("k", [], session.Select((e, t) => new SessionEvent(e.Item, e.Type, 1_700_000_000 + t)).ToArray());

    [Fact]
    public void Unpadded_serving_ranks_like_the_padded_scorer()
    {
        var (recommender, scorer) = Load();
        using var _ = scorer;
        var user = new UserSnapshot("k", [0, 1, 5], [new SessionEvent(2, EventType.View, 1), new SessionEvent(10, EventType.Cart, 2)]);
        Span<int> buffer = new int[scorer.Config.MaxLength];
        int n = recommender.SequenceOf(user, buffer);
        var sequence = buffer[^n..].ToArray();
        Assert.Equal([0, 1, 5, 2, 10], sequence);

        var scores = scorer.Scores(sequence);
        // The served model follows the history rule its training chose (bought items come back only when kept).
        var expected = Enumerable.Range(0, scores.Length)
            .Where(i => !(scorer.MasksHistory ? user.IsExcluded(i) : user.IsHeldBack(i)) && !sequence.Contains(i))
            .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(5).ToArray();
        var served = recommender.Recommend(user, 5);
        Assert.Equal(expected, served.Select(s => s.Item));
        foreach (var s in served)
            Assert.Equal(scores[s.Item], s.Score, 3);
        Assert.All(served, s => Assert.Equal("sasrec", s.Source));
    }

    [Fact]
    public void A_model_that_learned_to_keep_the_history_serves_bought_items_and_one_that_masks_never_does()
    {
        var (loaded, scorer) = Load();
        using var _ = scorer;
        // History 0, 1, 5 (bought), a cart of 10 and a declined offer of 12; every item asked for, so none is cut.
        var user = new UserSnapshot("k", [0, 1, 5], [new SessionEvent(10, EventType.Cart, 1), new SessionEvent(12, EventType.OfferDeclined, 2)]);
        int all = scorer.Config.ItemCount;
        var kept = new SasRecRecommender(scorer.Network, maskHistory: false).Recommend(user, all).Select(s => s.Item).ToArray();
        var masked = new SasRecRecommender(scorer.Network, maskHistory: true).Recommend(user, all).Select(s => s.Item).ToArray();
        Assert.Subset(kept.ToHashSet(), new HashSet<int> { 0, 1, 5 });
        Assert.DoesNotContain(masked, i => i is 0 or 1 or 5);
        foreach (var list in new[] { kept, masked })
            Assert.DoesNotContain(list, i => i is 10 or 12);
        Assert.Equal(all - 2, kept.Length);
        Assert.Equal(all - 5, masked.Length);
        // Without an explicit rule the recommender follows the network's, as the served one does.
        var served = loaded.Recommend(user, all).Select(s => s.Item).ToArray();
        Assert.Equal(scorer.MasksHistory ? masked : kept, served);
    }

    [Fact]
    public void Concurrent_requests_get_the_same_answers_as_sequential_ones()
    {
        var (recommender, scorer) = Load();
        scorer.Dispose();
        var users = Enumerable.Range(0, 12).Select(u => Shopper(Enumerable.Range(0, 1 + u % 7).Select(x => ((u + 3 * x) % 20, EventType.View)).ToArray())).ToArray();
        var sequential = users.Select(u => recommender.Recommend(u, 5).Select(s => s.Item).ToArray()).ToArray();
        var mismatches = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var got = recommender.Recommend(users[i % users.Length], 5).Select(s => s.Item).ToArray();
            if (!got.SequenceEqual(sequential[i % users.Length]))
                Interlocked.Increment(ref mismatches);
        });
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void A_user_with_no_history_and_no_session_gets_nothing_so_the_next_recommender_answers()
    {
        var (recommender, scorer) = Load();
        scorer.Dispose();
        Assert.Empty(recommender.Recommend(Shopper((3, EventType.OfferDeclined)), 5));
    }
}
