namespace BundleForge.Evaluation.Bundles;

/// <summary>The simulated-shop backtest: the engine, no bundles, a fixed discount on top-selling pairs and an oracle
/// that knows every user's valuation, and the share of the oracle's incremental profit the engine and the
/// fixed-discount baseline reach.</summary>
public sealed record SimulationResult(
    PolicyOutcome Engine,
    PolicyOutcome NoBundles,
    PolicyOutcome FixedDiscount,
    PolicyOutcome Oracle,
    int Users,
    int Rounds,
    double Seconds)
{
    /// <summary>Diagnostic: the oracle's incremental profit had it been limited to the offers the engine showed (any
    /// allowed price): what the engine's choice of offers leaves reachable.</summary>
    public double ShownOffersOracleProfit { get; init; }
    /// <summary>Diagnostic: the incremental profit had each user taken the most profitable of the engine's shown
    /// offers they would accept at the engine's prices (instead of the one with the largest surplus).</summary>
    public double ShownOffersAtEnginePricesProfit { get; init; }

    /// <summary>Diagnostic policy "informed": knows each user's valuation distribution, attention and organic
    /// probabilities (not the session's draws), prices each composed bundle for expected profit and shows the best ones,
    /// which then compete as the engine's do — about the best any learner could reach from feedback.</summary>
    public PolicyOutcome? Informed { get; init; }
    public double InformedOracleShare => Informed is not null && Oracle.IncrementalProfit > 0 ? Informed.IncrementalProfit / Oracle.IncrementalProfit : 0;

    /// <summary>Diagnostic policy "informed together": the informed policy's knowledge, with the shown offers and their
    /// prices chosen jointly for the answer's expected profit (as <see cref="BundleForge.Bundles.Pricing.OfferAssortment"/> does from learned
    /// curves), the customer's choice among them simulated on draws from the user's true distributions.</summary>
    public PolicyOutcome? InformedTogether { get; init; }
    public double InformedTogetherOracleShare => InformedTogether is not null && Oracle.IncrementalProfit > 0 ? InformedTogether.IncrementalProfit / Oracle.IncrementalProfit : 0;

    /// <summary>The oracle as the issue words it: knows each user's willingness-to-pay (this session's valuation of
    /// every composed bundle) but not whether they will look at an offer or what they would have bought anyway (it uses
    /// the probabilities), prices each bundle at the most profitable allowed price the user will pay and shows the best
    /// ones, which compete as the engine's do. <see cref="Oracle"/> knows those draws too (clairvoyant).</summary>
    public PolicyOutcome? WtpOracle { get; init; }
    /// <summary>The engine's share of <see cref="WtpOracle"/>'s incremental profit.</summary>
    public double WtpOracleShare => WtpOracle is not null && WtpOracle.IncrementalProfit > 0 ? Engine.IncrementalProfit / WtpOracle.IncrementalProfit : 0;

    /// <summary>The engine's learned acceptance correction θ̂ at the end (by <see cref="BundleForge.Bundles.Pricing.OfferFeatures.Names"/>) and the
    /// labelled offers behind it.</summary>
    public IReadOnlyList<(string Feature, double Value)> LearnedCorrection { get; init; } = [];
    public int LearnedFrom { get; init; }

    public double OracleShare => Oracle.IncrementalProfit > 0 ? Engine.IncrementalProfit / Oracle.IncrementalProfit : 0;
    public double FixedDiscountOracleShare => Oracle.IncrementalProfit > 0 ? FixedDiscount.IncrementalProfit / Oracle.IncrementalProfit : 0;
}
