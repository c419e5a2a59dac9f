using System.Globalization;
using System.Text;
using BundleForge.Bundles;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
using BundleForge.Core.Tests.Evaluation.Bundles;
using BundleForge.Evaluation.Bundles;

namespace BundleForge.Core.Tests.Bundles.Engine;

/// <summary>One answer per state: identical requests get byte-identical offers, shown figures are posterior means
/// with an interval, and feedback or a new exploration period can change the answer.</summary>
public class AnswerStateTests
{
    /// <summary>Everything an answer shows, in one string: equal strings are byte-identical answers.</summary>
    private static string Render(BundleAnswer answer)
    {
        var sb = new StringBuilder();
        foreach (var o in answer.Offers)
        {
            var p = o.Quote.Point;
            sb.Append(string.Join('+', o.Bundle.Items)).Append(" @ ").Append(p.Price.ToString("R", CultureInfo.InvariantCulture))
              .Append(" acc ").Append(p.Acceptance.ToString("R", CultureInfo.InvariantCulture))
              .Append(" [").Append(p.AcceptanceLow.ToString("R", CultureInfo.InvariantCulture)).Append(", ").Append(p.AcceptanceHigh.ToString("R", CultureInfo.InvariantCulture))
              .Append("] profit ").Append(p.ExpectedProfit.ToString("R", CultureInfo.InvariantCulture))
              .Append(" | ").Append(o.Explanation.ToString()).Append('\n');
        }
        return sb.Append(answer.Withheld).ToString();
    }

    private static List<UserContext> Users(BundleForge.Data.Dataset data, int count)
    {
        var prices = UserPriceProfile.Build(data.Items);
        var users = new List<UserContext>();
        for (int u = 0; users.Count < count && u < data.Users.Count; u++)
            if (data.Sequences.LengthOf(u) >= 3)
                users.Add(UserContext.FromDataset(data, u, anchor: users.Count % 3 == 0 ? (u * 7) % data.Items.Count : -1, prices: prices));
        return users;
    }

    [Fact]
    public void IdenticalRequests_GetByteIdenticalOffers_FromOneEngine_ATwinEngine_AndTheCache()
    {
        var (_, data, engine) = ShopSimulatorTests.Shop(8);
        var (_, _, twin) = ShopSimulatorTests.Shop(8);
        Assert.True(engine.Strategy.Exploration);
        var cache = new CompositionCache(1_000);
        int offers = 0;
        foreach (var user in Users(data, 60))
        {
            string first = Render(engine.Answer(user));
            Assert.Equal(first, Render(engine.Answer(user)));
            Assert.Equal(first, Render(engine.Answer(user, cache: cache)));
            Assert.Equal(first, Render(engine.Answer(user, cache: cache))); // a cache hit
            Assert.Equal(first, Render(twin.Answer(user)));
            offers += engine.Answer(user).Offers.Count;
        }
        Assert.True(offers > 50, $"only {offers} offers compared");
        Assert.True(cache.Hits >= 60);
    }

    [Fact]
    public void ConcurrentIdenticalRequests_GetTheSameAnswer()
    {
        var (_, data, engine) = ShopSimulatorTests.Shop(9);
        var users = Users(data, 12);
        var expected = users.Select(u => Render(engine.Answer(u))).ToArray();
        Parallel.For(0, 240, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
            Assert.Equal(expected[k % users.Count], Render(engine.Answer(users[k % users.Count]))));
    }

    [Fact]
    public void ShownFigures_ArePosteriorMeans_TheDrawOnlyDecides()
    {
        var (_, data, engine) = ShopSimulatorTests.Shop(8);
        var users = Users(data, 30);
        // Some labelled feedback, so the posterior is not the prior and its interval has width.
        var rng = new SeededRandom(3);
        foreach (var user in users)
            foreach (var o in engine.Recommend(user))
                engine.Pricer.Record(engine.Pricer.FeedbackFor(rng.Chance(0.3) ? OfferEventKind.Accepted : OfferEventKind.Declined, o.Bundle, user, o.Quote.Point.Discount));
        Assert.True(engine.Pricer.Model.Feedback.Offers.Current.Labelled > 0);
        int compared = 0, differentDraws = 0;
        foreach (var user in users)
            foreach (var b in engine.ComposeCandidates(user, 3))
            {
                var a = engine.Pricer.Quote(b, user, 11);
                var c = engine.Pricer.Quote(b, user, 12);
                var mean = engine.Pricer.Quote(b, user);
                Assert.Equal(mean.Curve.Count, a.Curve.Count);
                for (int k = 0; k < a.Curve.Count; k++)
                {
                    // What is shown does not depend on the draw ...
                    Assert.Equal(mean.Curve[k].Acceptance, a.Curve[k].Acceptance);
                    Assert.Equal(mean.Curve[k].ExpectedProfit, c.Curve[k].ExpectedProfit);
                    Assert.Equal(mean.Curve[k].SampledAcceptance, mean.Curve[k].Acceptance);
                    // ... and lies inside its 90% interval, which has width once the learner is uncertain.
                    Assert.InRange(a.Curve[k].Acceptance, a.Curve[k].AcceptanceLow, a.Curve[k].AcceptanceHigh);
                    Assert.True(a.Curve[k].AcceptanceHigh > a.Curve[k].AcceptanceLow);
                    var (low, high) = a.Curve[k].ExpectedProfitInterval;
                    Assert.InRange(a.Curve[k].ExpectedProfit, low - 1e-12, high + 1e-12);
                    if (a.Curve[k].SampledAcceptance != c.Curve[k].SampledAcceptance)
                        differentDraws++;
                    compared++;
                }
                // The same key gives the same quote.
                Assert.Equal(a.Chosen, engine.Pricer.Quote(b, user, 11).Chosen);
            }
        Assert.True(compared > 100);
        Assert.True(differentDraws > compared / 2, "different keys should explore with different draws");
    }

    [Fact]
    public void FeedbackOrANewPeriod_ChangesTheAnswerKey_AndFeedbackChangesSomeAnswers()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var (_, data, built) = ShopSimulatorTests.Shop(8);
        var engine = new BundleEngine(data.Items, built.Sources, PairsOf(data), built.Strategy, built.Pricer.Model, OrganicOf(data), seed: 8) { Clock = clock };
        var users = Users(data, 40);
        var keys = users.Select(u => engine.AnswerKey(u, 3)).ToArray();
        Assert.Equal(keys.Length, keys.Distinct().Count());
        var before = users.Select(u => Render(engine.Answer(u))).ToArray();

        // Later the same day (the default period is 24 hours): the same answers.
        clock.Now = clock.Now.AddHours(5);
        Assert.Equal(keys, users.Select(u => engine.AnswerKey(u, 3)).ToArray());
        Assert.Equal(before, users.Select(u => Render(engine.Answer(u))).ToArray());

        // A shown-only event carries no label: nothing changes.
        var first = engine.Recommend(users[0])[0];
        engine.Pricer.Record(engine.Pricer.FeedbackFor(OfferEventKind.Shown, first.Bundle, users[0], first.Quote.Point.Discount));
        Assert.Equal(keys, users.Select(u => engine.AnswerKey(u, 3)).ToArray());

        // One labelled event: every key moves, and some answers with it.
        engine.Pricer.Record(engine.Pricer.FeedbackFor(OfferEventKind.Accepted, first.Bundle, users[0], first.Quote.Point.Discount));
        var afterFeedback = users.Select(u => engine.AnswerKey(u, 3)).ToArray();
        Assert.All(Enumerable.Range(0, keys.Length), k => Assert.NotEqual(keys[k], afterFeedback[k]));
        var after = users.Select(u => Render(engine.Answer(u))).ToArray();
        Assert.Contains(Enumerable.Range(0, users.Count), k => before[k] != after[k]);

        // The next day: a new exploration period, new keys.
        clock.Now = clock.Now.AddDays(1);
        var nextDay = users.Select(u => engine.AnswerKey(u, 3)).ToArray();
        Assert.All(Enumerable.Range(0, keys.Length), k => Assert.NotEqual(afterFeedback[k], nextDay[k]));
    }

    [Fact]
    public void AnotherModelVersion_ExploresWithOtherKeys()
    {
        var (_, data, built) = ShopSimulatorTests.Shop(8);
        var v1 = new BundleEngine(data.Items, built.Sources, PairsOf(data), built.Strategy, built.Pricer.Model, OrganicOf(data), seed: 8) { ModelVersion = "20261201-aaaa" };
        var v2 = new BundleEngine(data.Items, built.Sources, PairsOf(data), built.Strategy, built.Pricer.Model, OrganicOf(data), seed: 8) { ModelVersion = "20261202-bbbb" };
        var user = Users(data, 1)[0];
        Assert.NotEqual(v1.AnswerKey(user, 3), v2.AnswerKey(user, 3));
        Assert.Equal(v1.AnswerKey(user, 3), v1.AnswerKey(user, 3));
        Assert.NotEqual(v1.AnswerKey(user, 3), v1.AnswerKey(user, 2));
    }

    private static BundleForge.Bundles.Candidates.CooccurrencePairScorer PairsOf(BundleForge.Data.Dataset data) =>
        BundleForge.Bundles.Candidates.CooccurrencePairScorer.Build(data.Baskets, data.Items.Count, data.Items);

    private static PopularityOrganicDemand OrganicOf(BundleForge.Data.Dataset data)
    {
        var pairs = PairsOf(data);
        return new PopularityOrganicDemand(pairs.ItemCounts.ToArray(), pairs.BasketCount);
    }
}
