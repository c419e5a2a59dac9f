using BundleForge.Bundles.Composition;

namespace BundleForge.Bundles.Pricing;

/// <summary>P(accept | user, bundle, price). At list price the base propensity is
/// p0 = clamp(Base + ConfidenceWeight·propensity + RelevanceWeight·relevance, 0.005, Cap), where propensity is the
/// bundle's mean co-purchase confidence (how often buyers of one item also bought the other) and relevance its mean
/// relevance to the user. A discount d (fraction off list) raises the odds logistically:
/// logit P(d) = logit(p0) + Slope · s · d, with s the user's price sensitivity (1 = average). Finally the result is
/// multiplied by the calibration factor that <see cref="AcceptanceFeedback"/> learned for the user's segment and that
/// discount level (a Thompson draw when exploring), and clamped to [0, 0.99]. This is the prior guess: by default
/// (<see cref="AcceptanceFeedback.UseOfferModel"/>) the pricer corrects its logit offer by offer with
/// <see cref="OfferResponseLearner"/> instead of the per-cell calibration.</summary>
public sealed class AcceptanceModel
{
    public double Base { get; init; } = 0.02;
    public double ConfidenceWeight { get; init; } = 0.5;
    public double RelevanceWeight { get; init; } = 0.15;
    public double Cap { get; init; } = 0.8;
    /// <summary>Logit change per unit of discount at sensitivity 1: 8 means 10% off multiplies the odds by e^0.8 ≈ 2.2.</summary>
    public double Slope { get; init; } = 8;

    public AcceptanceFeedback Feedback { get; init; } = new();

    /// <summary>Acceptance probability at list price.</summary>
    public double BasePropensity(ComposedBundle bundle) =>
        Math.Clamp(Base + ConfidenceWeight * bundle.Propensity + RelevanceWeight * bundle.Relevance, 0.005, Cap);

    /// <summary>The model's own prediction (no feedback) at <paramref name="discount"/>.</summary>
    public double Predict(ComposedBundle bundle, UserContext user, double discount) =>
        Predict(BasePropensity(bundle), user.PriceSensitivity, discount);

    /// <summary>The logistic price response from a base propensity.</summary>
    public double Predict(double p0, double sensitivity, double discount)
    {
        double logit = Math.Log(p0 / (1 - p0)) + Slope * sensitivity * discount;
        return 1 / (1 + Math.Exp(-logit));
    }

    /// <summary>The observable features of offering <paramref name="bundle"/> to <paramref name="user"/>, given the share
    /// of the user's history in the bundle items' top categories.</summary>
    public OfferFeatures FeaturesOf(ComposedBundle bundle, UserContext user, double tasteShare)
    {
        double p0 = BasePropensity(bundle);
        double lift = 0;
        foreach (var (_, _, e) in bundle.Pairs)
            if (e.Lift > lift && float.IsFinite(e.Lift))
                lift = e.Lift;
        var (accepted, declined) = Feedback.Users.Of(user.User);
        double n = 1 + accepted + declined;
        return new OfferFeatures(Math.Log(p0 / (1 - p0)), bundle.Propensity, tasteShare, user.PriceSensitivity > 0 ? user.PriceSensitivity : 1,
            Math.Log(1 + lift), bundle.Complementarity, accepted / n, declined / n);
    }

    /// <summary>The prediction corrected by feedback (a Thompson draw when <paramref name="explore"/>).</summary>
    public double Probability(ComposedBundle bundle, UserContext user, double discount, ref SeededRandom rng, bool explore)
    {
        double p = Predict(bundle, user, discount);
        double factor = Feedback.Calibration(user.Segment, discount, p, ref rng, explore);
        return Math.Clamp(p * factor, 0, 0.99);
    }
}
