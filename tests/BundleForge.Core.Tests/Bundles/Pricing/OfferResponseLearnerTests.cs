using BundleForge.Bundles;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Core.Tests.Bundles.Pricing;

public class OfferResponseLearnerTests
{
    private static OfferFeatures RandomFeatures(ref SeededRandom rng) => new(
        BaseLogit: -2 + 2 * rng.NextDouble(), Propensity: rng.NextDouble(), TasteShare: rng.NextDouble(),
        Sensitivity: 0.5 + 1.5 * rng.NextDouble(), PairLift: 2 * rng.NextDouble(), Complementarity: rng.NextDouble(),
        UserAccepted: 0.5 * rng.NextDouble(), UserDeclined: 0.5 * rng.NextDouble());

    [Fact]
    public async Task RefittingInTheBackground_PublishesThePosteriorWithoutTheRecorderFitting()
    {
        var learner = new OfferResponseLearner { RefitInBackground = true };
        var rng = new SeededRandom(3);
        for (int k = 0; k < 400; k++)
            learner.Record(RandomFeatures(ref rng), 0.1, -1, rng.NextDouble() < 0.3);
        // Refits were queued at 16, 32, …; the last one that ran saw at least the events recorded before it started.
        for (int wait = 0; wait < 100 && learner.Current.Labelled < 300; wait++)
            await Task.Delay(50);
        Assert.InRange(learner.Current.Labelled, 300, 400);
        Assert.All(learner.Current.Mean, m => Assert.True(double.IsFinite(m)));
    }

    [Fact]
    public void RecoversAKnownResponseFromGeneratedFeedback()
    {
        // Truth: customers hardly react to discounts (the correction cancels most of the model's slope of 8) and
        // strongly to taste; the offset is the model's own logit.
        double[] truth = [0.4, -0.5, -6, 0, 0, 0, 1.5, 0, 0, 1, -1.5, 0];
        var learner = new OfferResponseLearner();
        var rng = new SeededRandom(11);
        Span<double> x = stackalloc double[OfferFeatures.Dimension];
        for (int k = 0; k < 8_000; k++)
        {
            var f = RandomFeatures(ref rng);
            double d = 0.3 * rng.NextDouble();
            double offset = f.BaseLogit + 8 * f.Sensitivity * d;
            f.Fill(x, d);
            double z = offset;
            for (int j = 0; j < x.Length; j++)
                z += truth[j] * x[j];
            learner.Record(f, d, offset, rng.NextDouble() < 1 / (1 + Math.Exp(-z)));
        }
        learner.Refit();
        var fit = learner.Current;
        Assert.Equal(8_000, fit.Labelled);
        Assert.InRange(fit.Mean[0], truth[0] - 0.5, truth[0] + 0.5);
        Assert.InRange(fit.Mean[1], truth[1] - 0.3, truth[1] + 0.3);
        Assert.InRange(fit.Mean[2], truth[2] - 1.5, truth[2] + 1.5);
        Assert.InRange(fit.Mean[6], truth[6] - 0.5, truth[6] + 0.5);
        Assert.InRange(fit.Mean[10], truth[10] - 1, truth[10] + 1);
    }

    [Fact]
    public void ThompsonDrawsSpreadWithoutData_NarrowWithData_AndAreSeeded()
    {
        static double[] Draws(OfferResponseLearner l, long seed)
        {
            var rng = new SeededRandom(seed);
            var theta = new double[OfferFeatures.Dimension];
            var d = new double[300];
            for (int k = 0; k < d.Length; k++)
            { l.Current.Sample(ref rng, true, theta); d[k] = theta[2]; }
            return d;
        }
        var learner = new OfferResponseLearner();
        var before = Draws(learner, 3);
        Assert.Equal(before, Draws(learner, 3));
        Assert.InRange(StdDev(before), 4.5, 7.5); // the prior sd of the discount coefficient is 6
        var rng = new SeededRandom(5);
        for (int k = 0; k < 3_000; k++)
        {
            var f = RandomFeatures(ref rng);
            double d = 0.3 * rng.NextDouble();
            learner.Record(f, d, f.BaseLogit, rng.NextDouble() < 0.5);
        }
        Assert.True(StdDev(Draws(learner, 3)) < StdDev(before) / 3);
        var mean = new double[OfferFeatures.Dimension];
        var r = new SeededRandom(1);
        learner.Current.Sample(ref r, false, mean);
        Assert.Equal(learner.Current.Mean, mean);
    }

    [Fact]
    public void Pricer_LearnsThatDiscountsDoNotSell_AndStopsGivingThem()
    {
        var catalog = BundleTestData.Catalog([40f, 40f], [16f, 16f]);
        // No minimum discount: the shop may learn its way back to list price.
        var strategy = new MarketStrategy { PriceEnding = null, DiscountStep = 0.05, MaxDiscount = 0.3, Exploration = true, MinDiscount = 0 };
        var pricer = new BundlePricer(catalog, strategy, new AcceptanceModel(), seed: 9);
        var bundle = BundleTestData.Bundle(catalog, [0, 1], propensity: 0.05f, relevance: 0.2f);
        var user = new UserContext { Segment = "standard" };
        pricer.Explore = false;
        double before = pricer.Quote(bundle, user).Point.Discount;
        Assert.True(before >= 0.2, $"the default slope makes deep discounts look profitable, chose {before:P0}");
        // The shop explores (Thompson draws plus forced price exploration); customers accept 40% of the offers
        // whatever the price.
        pricer.Explore = true;
        var rng = new SeededRandom(4);
        var tried = new HashSet<int>();
        for (int k = 0; k < 1_500; k++)
        {
            // Each answer's state differs (here: its number), so each explores with a draw of its own.
            var q = pricer.Quote(bundle, user, k);
            tried.Add((int)Math.Round(q.Point.Discount * 100));
            var kind = rng.NextDouble() < 0.4 ? OfferEventKind.Accepted : OfferEventKind.Declined;
            pricer.Record(new OfferEvent(kind, user.Segment, q.Point.Discount, q.Point.ModelAcceptance, q.Features));
        }
        Assert.True(tried.Count >= 4, $"only {tried.Count} price levels were tried");
        pricer.Explore = false;
        var after = pricer.Quote(bundle, user).Point;
        Assert.True(after.Discount <= 0.05 + 1e-9, $"still discounting {after.Discount:P0} although discounts do not sell more");
        Assert.InRange(after.Acceptance, 0.3, 0.5);
    }

    [Fact]
    public void ConcurrentQuotesAndRecords_AreSafe_AndCountEveryEvent()
    {
        var catalog = BundleTestData.Catalog([40f, 25f, 12f], [16f, 10f, 5f]);
        var feedback = new AcceptanceFeedback();
        var pricer = new BundlePricer(catalog, MarketStrategy.Default, new AcceptanceModel { Feedback = feedback }, seed: 3);
        var bundles = new[] { BundleTestData.Bundle(catalog, [0, 1]), BundleTestData.Bundle(catalog, [1, 2]), BundleTestData.Bundle(catalog, [0, 1, 2]) };
        const int Threads = 6, PerThread = 1_500;
        long accepted = 0, declined = 0;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var rng = new SeededRandom(100 + t);
            var user = new UserContext { Segment = t % 2 == 0 ? "budget" : "premium", PriceSensitivity = t % 2 == 0 ? 1.5f : 0.7f };
            for (int k = 0; k < PerThread; k++)
            {
                var q = pricer.Quote(bundles[k % bundles.Length], user);
                Assert.True(q.Offered);
                var p = q.Point;
                Assert.True(p.Price >= q.Cost && (p.Price - q.Cost) / p.Price >= MarketStrategy.Default.MarginFloor - 1e-9);
                pricer.Record(new OfferEvent(OfferEventKind.Shown, user.Segment, p.Discount, p.ModelAcceptance, q.Features));
                bool yes = rng.NextDouble() < 0.3;
                Interlocked.Increment(ref yes ? ref accepted : ref declined);
                pricer.Record(new OfferEvent(yes ? OfferEventKind.Accepted : OfferEventKind.Declined, user.Segment, p.Discount, p.ModelAcceptance, q.Features));
            }
        });
        Assert.Equal(Threads * PerThread, feedback.Offers.Count);
        feedback.Offers.Refit();
        Assert.Equal(Threads * PerThread, feedback.Offers.Current.Labelled);
        Assert.Equal(accepted, feedback.Offers.Current.Accepted);
        long shown = 0, acc = 0, dec = 0;
        foreach (var segment in new[] { "budget", "premium" })
            for (int level = 0; level <= 10; level++)
            {
                var (s, a, d) = feedback.Counts(segment, level * feedback.LevelWidth);
                shown += s;
                acc += a;
                dec += d;
            }
        Assert.Equal(Threads * PerThread, shown);
        Assert.Equal(accepted, acc);
        Assert.Equal(declined, dec);
    }

    [Fact]
    public void OneThread_GetsAReproducibleSequenceOfQuotes()
    {
        var catalog = BundleTestData.Catalog([40f, 25f], [16f, 10f]);
        double[] Run()
        {
            var pricer = new BundlePricer(catalog, MarketStrategy.Default, new AcceptanceModel(), seed: 17);
            var bundle = BundleTestData.Bundle(catalog, [0, 1]);
            var user = new UserContext();
            var prices = new double[400];
            for (int k = 0; k < prices.Length; k++)
            {
                var q = pricer.Quote(bundle, user, k);
                prices[k] = q.Point.Price;
                pricer.Record(new OfferEvent(k % 3 == 0 ? OfferEventKind.Accepted : OfferEventKind.Declined, user.Segment, q.Point.Discount, q.Point.ModelAcceptance, q.Features));
            }
            return prices;
        }
        var a = Run();
        Assert.Equal(a, Run());
        Assert.True(a.Distinct().Count() > 1, "exploration should try more than one price");
    }

    [Fact]
    public void Feedback_SavesTheOfferModel_AndReadsVersionOneFiles()
    {
        var f = new AcceptanceFeedback();
        var rng = new SeededRandom(8);
        for (int k = 0; k < 500; k++)
        {
            var feat = RandomFeatures(ref rng);
            f.Record(new OfferEvent(rng.NextDouble() < 0.3 ? OfferEventKind.Accepted : OfferEventKind.Declined, "standard", 0.3 * rng.NextDouble(), 0.2, feat));
        }
        f.Offers.Refit();
        var path = Path.GetTempFileName();
        try
        {
            f.Save(path);
            var g = AcceptanceFeedback.Load(path);
            Assert.True(g.UseOfferModel);
            Assert.Equal(500, g.Offers.Count);
            for (int k = 0; k < OfferFeatures.Dimension; k++)
                Assert.Equal(f.Offers.Current.Mean[k], g.Offers.Current.Mean[k], 6);

            File.WriteAllText(path, """{"version": 1, "level_width": 0.05, "prior_strength": 10, "cells": [{"segment": "budget", "level": 2, "shown": 5, "accepted": 2, "declined": 3, "predicted_sum": 1, "predicted_count": 5}]}""");
            var old = AcceptanceFeedback.Load(path);
            Assert.Equal((5L, 2L, 3L), old.Counts("budget", 0.1));
            Assert.Equal(0, old.Offers.Count);

            File.WriteAllText(path, """{"version": 3, "level_width": 0.05, "prior_strength": 10, "cells": []}""");
            var e = Assert.Throws<DataException>(() => AcceptanceFeedback.Load(path));
            Assert.Contains("version 3", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AUsersOwnOutcomes_BecomeFeaturesOfTheirNextOffers()
    {
        var catalog = BundleTestData.Catalog([40f, 40f], [16f, 16f]);
        var pricer = new BundlePricer(catalog, MarketStrategy.Default, new AcceptanceModel());
        var bundle = BundleTestData.Bundle(catalog, [0, 1]);
        var user = new UserContext { User = 7 };
        Assert.Equal((0.0, 0.0), (pricer.FeaturesOf(bundle, user).UserAccepted, pricer.FeaturesOf(bundle, user).UserDeclined));
        pricer.Record(pricer.FeedbackFor(OfferEventKind.Declined, bundle, user, 0));
        pricer.Record(pricer.FeedbackFor(OfferEventKind.Declined, bundle, user, 0.1));
        pricer.Record(pricer.FeedbackFor(OfferEventKind.Accepted, bundle, user, 0.2));
        pricer.Record(pricer.FeedbackFor(OfferEventKind.Shown, bundle, user, 0.2));
        var f = pricer.FeaturesOf(bundle, user);
        Assert.Equal(1 / 4.0, f.UserAccepted, 9);
        Assert.Equal(2 / 4.0, f.UserDeclined, 9);
        Assert.Equal(0, pricer.FeaturesOf(bundle, new UserContext { User = 8 }).UserDeclined);
        Assert.Equal(3, pricer.Model.Feedback.Offers.Count);
    }

    [Fact]
    public void FeedbackWithoutFeatures_StillMovesPrices_ThroughTheCells()
    {
        // A feedback endpoint that only knows segment and discount: the per-offer learner gets nothing, so pricing
        // falls back to the per-cell calibration rather than ignoring the feedback.
        var catalog = BundleTestData.Catalog([40f, 40f], [16f, 16f]);
        var strategy = new MarketStrategy { PriceEnding = null, DiscountStep = 0.05, MaxDiscount = 0.3, Exploration = false };
        var pricer = new BundlePricer(catalog, strategy, new AcceptanceModel());
        var bundle = BundleTestData.Bundle(catalog, [0, 1], propensity: 0.02f, relevance: 0.1f);
        var user = new UserContext { Segment = "standard" };
        var first = pricer.Quote(bundle, user);
        Assert.True(first.Point.Discount >= 0.2);
        for (int k = 0; k < 200; k++)
            pricer.Record(new OfferEvent(k % 10 < 9 ? OfferEventKind.Accepted : OfferEventKind.Declined, "standard", first.Point.Discount, first.Point.ModelAcceptance));
        Assert.Equal(0, pricer.Model.Feedback.Offers.Count);
        Assert.True(pricer.Quote(bundle, user).Point.Discount <= first.Point.Discount - 0.1);
        // Once feedback with features arrives, the per-offer learner prices again.
        pricer.Record(pricer.FeedbackFor(OfferEventKind.Accepted, bundle, user, 0));
        pricer.Model.Feedback.Offers.Refit();
        Assert.True(pricer.Model.Feedback.PricesPerOffer(pricer.Model.Feedback.Offers.Current));
    }

    private static double StdDev(double[] x)
    {
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / x.Length);
    }
}
