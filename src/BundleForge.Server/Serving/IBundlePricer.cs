namespace BundleForge.Server.Serving;

/// <summary>Prices a given set of items as a bundle for a user, and learns from offer feedback.</summary>
public interface IBundlePricer : IServingComponent
{
    /// <summary>The currency (ISO 4217 code) of every amount a price carries.</summary>
    string Currency { get; }

    /// <summary>The bundle price of <paramref name="items"/> (dense ids, distinct) for the user.</summary>
    PricedBundle Price(UserSnapshot user, ReadOnlySpan<int> items);

    /// <summary>Called once per stored <c>offer_shown</c>, <c>offer_accepted</c> or <c>offer_declined</c> event, after
    /// it is durable; implementations must be thread-safe and fast (no I/O on the request thread).</summary>
    void Observe(OfferFeedback feedback);

    /// <summary>The learner's feedback state: labelled offer outcomes recorded or loaded so far (part of every answer's
    /// key, docs/STRATEGY.md "One answer per state").</summary>
    long FeedbackVersion { get; }
}
