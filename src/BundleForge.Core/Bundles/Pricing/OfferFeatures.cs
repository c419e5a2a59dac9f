namespace BundleForge.Bundles.Pricing;

/// <summary>What the shop can observe about one offer before it is priced: the acceptance model's list-price logit
/// (from co-purchase confidence and relevance), the bundle's mean co-purchase confidence, the share of the user's
/// history in the bundle items' top categories (taste match), the user's price sensitivity, the strongest pair's
/// co-purchase lift as ln(1 + lift), the bundle's mean complementarity, and the user's own earlier offer outcomes as
/// shares a/(1 + a + n) and n/(1 + a + n) of their a accepted and n declined labelled offers (0 for a new user). Together with the
/// discount they make the input of <see cref="OfferResponseLearner"/>; send them back with offer feedback
/// (<see cref="OfferEvent.Features"/>) so the learner can fit the response offer by offer.</summary>
public readonly record struct OfferFeatures(double BaseLogit, double Propensity, double TasteShare, double Sensitivity, double PairLift = 0, double Complementarity = 0,
    double UserAccepted = 0, double UserDeclined = 0)
{
    /// <summary>Length of the feature vector <see cref="Fill"/> writes.</summary>
    public const int Dimension = 12;

    /// <summary>Names of the vector's entries, in order (for documentation and persistence).</summary>
    public static readonly string[] Names = ["intercept", "base_logit", "discount", "discount_x_sensitivity", "log_sensitivity", "propensity", "taste_share", "pair_log_lift", "complementarity", "user_accepted", "user_declined", "discount_x_user_declined"];

    /// <summary>Writes the feature vector of this offer at <paramref name="discount"/> (fraction off list): intercept,
    /// base logit, d, d·(s − 1), ln s, propensity, taste share, pair log-lift, complementarity, the user's accepted and declined shares, d × declined share.</summary>
    public void Fill(Span<double> x, double discount)
    {
        double s = Sensitivity > 0 ? Sensitivity : 1;
        x[0] = 1;
        x[1] = BaseLogit;
        x[2] = discount;
        x[3] = discount * (s - 1);
        x[4] = Math.Log(s);
        x[5] = Propensity;
        x[6] = TasteShare;
        x[7] = PairLift;
        x[8] = Complementarity;
        x[9] = UserAccepted;
        x[10] = UserDeclined;
        x[11] = discount * UserDeclined;
    }

    /// <summary>True when the features hold finite values (events without features only update the per-cell counts).</summary>
    public bool IsValid => double.IsFinite(BaseLogit) && double.IsFinite(Propensity) && double.IsFinite(TasteShare) && Sensitivity > 0 && double.IsFinite(PairLift) && double.IsFinite(Complementarity)
        && double.IsFinite(UserAccepted) && double.IsFinite(UserDeclined);
}
