using BundleForge.Synthetic;

namespace BundleForge.Bundles;

/// <summary>What the shop has learned from offer feedback: one Beta posterior over the acceptance rate per
/// (segment, discount level). The prior is centred on the acceptance model's own mean prediction for the offers of
/// that cell with a strength of <see cref="PriorStrength"/> pseudo-offers, so the posterior mean divided by the
/// model's prediction is a calibration factor: above 1 when customers accept more than the model expected.</summary>
public sealed class AcceptanceFeedback
{
    private sealed class Cell
    {
        public long Shown, Accepted, Declined;
        public double PredictedSum;
        public long PredictedCount;
    }

    private readonly Dictionary<(string Segment, int Level), Cell> _cells = new();
    private readonly object _gate = new();

    /// <summary>Width of one discount level (0.05: 0%, 5%, 10% ... are separate arms).</summary>
    public double LevelWidth { get; init; } = 0.05;
    /// <summary>Prior strength in pseudo-offers.</summary>
    public double PriorStrength { get; init; } = 10;

    public int LevelOf(double discount) => (int)Math.Round(Math.Max(0, discount) / LevelWidth);

    /// <summary>Adds one feedback event.</summary>
    public void Record(OfferEvent e)
    {
        lock (_gate)
        {
            var key = (e.Segment, LevelOf(e.Discount));
            if (!_cells.TryGetValue(key, out var c)) _cells[key] = c = new Cell();
            switch (e.Kind)
            {
                case OfferEventKind.Shown: c.Shown++; break;
                case OfferEventKind.Accepted: c.Accepted++; break;
                case OfferEventKind.Declined: c.Declined++; break;
            }
            if (e.Kind != OfferEventKind.Shown && double.IsFinite(e.Predicted))
            {
                c.PredictedSum += e.Predicted;
                c.PredictedCount++;
            }
        }
    }

    /// <summary>The Beta posterior (α, β) for a cell, given the model's prediction <paramref name="modelMean"/> for
    /// offers without recorded predictions.</summary>
    public (double Alpha, double Beta) Posterior(string segment, double discount, double modelMean)
    {
        double m, acc = 0, dec = 0;
        lock (_gate)
        {
            m = modelMean;
            if (_cells.TryGetValue((segment, LevelOf(discount)), out var c))
            {
                acc = c.Accepted; dec = c.Declined;
                if (c.PredictedCount > 0) m = c.PredictedSum / c.PredictedCount;
            }
        }
        m = Math.Clamp(m, 1e-3, 1 - 1e-3);
        return (PriorStrength * m + acc, PriorStrength * (1 - m) + dec);
    }

    /// <summary>Factor to multiply the model's acceptance probability by: the posterior mean over the prior mean,
    /// or with <paramref name="rng"/> a Thompson draw from the posterior over the prior mean.</summary>
    public double Calibration(string segment, double discount, double modelMean, ref SyntheticRandom rng, bool explore)
    {
        var (a, b) = Posterior(segment, discount, modelMean);
        double prior = ModelMeanFor(segment, discount, modelMean);
        double r = explore ? BetaDistribution.Sample(ref rng, a, b) : BetaDistribution.Mean(a, b);
        return r / prior;
    }

    private double ModelMeanFor(string segment, double discount, double modelMean)
    {
        lock (_gate)
        {
            if (_cells.TryGetValue((segment, LevelOf(discount)), out var c) && c.PredictedCount > 0)
                return Math.Clamp(c.PredictedSum / c.PredictedCount, 1e-3, 1 - 1e-3);
        }
        return Math.Clamp(modelMean, 1e-3, 1 - 1e-3);
    }

    /// <summary>Offers shown, accepted and declined in a cell.</summary>
    public (long Shown, long Accepted, long Declined) Counts(string segment, double discount)
    {
        lock (_gate)
            return _cells.TryGetValue((segment, LevelOf(discount)), out var c) ? (c.Shown, c.Accepted, c.Declined) : (0, 0, 0);
    }
}
