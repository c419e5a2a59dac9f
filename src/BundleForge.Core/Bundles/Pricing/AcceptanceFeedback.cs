using System.Text.Json;

namespace BundleForge.Bundles.Pricing;

/// <summary>What the shop has learned from offer feedback: one Beta posterior over the acceptance rate per
/// (segment, discount level). The prior of a cell is centred on the acceptance model's own mean prediction for the
/// offers of that cell, shifted on the logit scale by the segment's pooled shift δ (see <see cref="PooledShift"/>),
/// with a strength of <see cref="PriorStrength"/> pseudo-offers; the posterior mean divided by the model's prediction
/// is a calibration factor: above 1 when customers accept more than the model expected. Pooling matters: without it a
/// level the shop rarely tries (list price, when the model starts pessimistic) keeps its pessimistic prior however
/// often customers accept at the neighbouring levels, and the pricer keeps giving away discounts.
/// <para>Besides the cells it holds the per-offer learner <see cref="Offers"/> (a Bayesian logistic regression on each
/// offer's features, see <see cref="OfferResponseLearner"/>), which the pricer uses by default
/// (<see cref="UseOfferModel"/>); the cells stay for counts, explanations and events that come without features.</para></summary>
public sealed class AcceptanceFeedback
{
    private sealed class Cell
    {
        public long Shown, Accepted, Declined;
        public double PredictedSum;
        public long PredictedCount;
    }

    private readonly Dictionary<(string Segment, int Level), Cell> _cells = new();
    private readonly Dictionary<string, (double Shift, double Slope)> _shift = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Share evidence across the discount levels of a segment through <see cref="PooledShift"/> (false:
    /// independent cells, each prior at the model's own prediction).</summary>
    public bool PoolLevels { get; init; } = true;
    /// <summary>Prior standard deviation of the pooled logit shift.</summary>
    public double ShiftPriorSd { get; init; } = 1.5;

    /// <summary>Price from the per-offer learner <see cref="Offers"/> (true, default) or from the per-cell calibration
    /// (false, the earlier learner).</summary>
    public bool UseOfferModel { get; init; } = true;

    /// <summary>The per-offer acceptance learner fed by every labelled event that carries features.</summary>
    public OfferResponseLearner Offers { get; init; } = new();

    /// <summary>Each known user's own labelled offer outcomes (a feature of the per-offer learner).</summary>
    public UserOfferHistory Users { get; init; } = new();

    /// <summary>Width of one discount level (0.05: 0%, 5%, 10% ... are separate arms).</summary>
    public double LevelWidth { get; init; } = 0.05;
    /// <summary>Prior strength in pseudo-offers.</summary>
    public double PriorStrength { get; init; } = 10;

    public int LevelOf(double discount) => (int)Math.Round(Math.Max(0, discount) / LevelWidth);

    private long _version;

    /// <summary>Changes whenever labelled feedback (an accepted or declined offer) is recorded, or loaded: the feedback
    /// state an answer's exploration draw is seeded by (docs/STRATEGY.md, "One answer per state"). Shown-only events
    /// do not change it, so a page that reports its impressions still gets the same answer on a reload.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Adds one feedback event.</summary>
    public void Record(OfferEvent e)
    {
        lock (_gate)
        {
            var key = (e.Segment, LevelOf(e.Discount));
            if (!_cells.TryGetValue(key, out var c))
                _cells[key] = c = new Cell();
            switch (e.Kind)
            {
                case OfferEventKind.Shown:
                    c.Shown++;
                    break;
                case OfferEventKind.Accepted:
                    c.Accepted++;
                    break;
                case OfferEventKind.Declined:
                    c.Declined++;
                    break;
            }
            if (e.Kind != OfferEventKind.Shown && double.IsFinite(e.Predicted))
            {
                c.PredictedSum += e.Predicted;
                c.PredictedCount++;
            }
            if (e.Kind != OfferEventKind.Shown)
                _shift.Remove(e.Segment);
        }
        if (e.Kind == OfferEventKind.Shown)
            return;
        Interlocked.Increment(ref _version);
        Users.Add(e.User, e.Kind == OfferEventKind.Accepted);
        if (e.Features is OfferFeatures f && f.IsValid && e.Predicted is > 0 and < 1)
            Offers.Record(f, Math.Max(0, e.Discount), Math.Log(e.Predicted / (1 - e.Predicted)), e.Kind == OfferEventKind.Accepted);
        else
            Interlocked.Increment(ref _labelledWithoutFeatures);
    }

    private long _labelledWithoutFeatures;

    /// <summary>True when the pricer should use the per-offer learner: it is on and either has evidence or no feedback
    /// arrived without features. A shop whose feedback carries no features (only segment and discount) keeps learning
    /// through the per-cell calibration instead of pricing from the prior forever.</summary>
    public bool PricesPerOffer(OfferResponseLearner.Posterior posterior) =>
        UseOfferModel && (posterior.Labelled > 0 || Interlocked.Read(ref _labelledWithoutFeatures) == 0);

    /// <summary>Prior standard deviation of the pooled correction to the price-response slope (logit per unit of
    /// discount).</summary>
    public double SlopePriorSd { get; init; } = 4;

    /// <summary>The segment's pooled correction (δ, γ) of the model on the logit scale: P_c = σ(logit m_c + δ + γ·d_c)
    /// for the cell at discount d_c whose model mean is m_c; the maximum a-posteriori values of the cells' Bernoulli
    /// likelihood under priors N(0, <see cref="ShiftPriorSd"/>²) and N(0, <see cref="SlopePriorSd"/>²). δ &gt; 0: customers of
    /// the segment accept more than the model predicts; γ &lt; 0: discounts move them less than the model's slope says.
    /// (0, 0) without feedback. γ needs feedback at two or more discount levels to move away from 0.</summary>
    public (double Shift, double Slope) PooledCorrection(string segment)
    {
        if (!PoolLevels)
            return (0, 0);
        lock (_gate)
        {
            if (_shift.TryGetValue(segment, out var cached))
                return cached;
            var cells = new List<(double Z, double D, double Accepted, double Declined)>();
            foreach (var ((seg, level), c) in _cells)
                if (seg == segment && c.PredictedCount > 0 && c.Accepted + c.Declined > 0)
                {
                    double m = Math.Clamp(c.PredictedSum / c.PredictedCount, 1e-3, 1 - 1e-3);
                    cells.Add((Math.Log(m / (1 - m)), level * LevelWidth, c.Accepted, c.Declined));
                }
            double delta = 0, gamma = 0;
            double pd = 1 / (ShiftPriorSd * ShiftPriorSd), pg = 1 / (SlopePriorSd * SlopePriorSd);
            for (int it = 0; it < 50 && cells.Count > 0; it++)
            {
                // Newton step on the log posterior of (δ, γ).
                double g1 = -delta * pd, g2 = -gamma * pg, h11 = pd, h12 = 0, h22 = pg;
                foreach (var (z, d, a, dec) in cells)
                {
                    double p = 1 / (1 + Math.Exp(-(z + delta + gamma * d)));
                    double r = a - (a + dec) * p, w = (a + dec) * p * (1 - p);
                    g1 += r;
                    g2 += r * d;
                    h11 += w;
                    h12 += w * d;
                    h22 += w * d * d;
                }
                double det = h11 * h22 - h12 * h12;
                double s1 = Math.Clamp((h22 * g1 - h12 * g2) / det, -1, 1);
                double s2 = Math.Clamp((h11 * g2 - h12 * g1) / det, -4, 4);
                delta += s1;
                gamma += s2;
                if (Math.Abs(s1) < 1e-6 && Math.Abs(s2) < 1e-5)
                    break;
            }
            return _shift[segment] = (delta, gamma);
        }
    }

    /// <summary>The pooled logit shift δ of <see cref="PooledCorrection"/>.</summary>
    public double PooledShift(string segment) => PooledCorrection(segment).Shift;

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
                acc = c.Accepted;
                dec = c.Declined;
                if (c.PredictedCount > 0)
                    m = c.PredictedSum / c.PredictedCount;
            }
        }
        m = Math.Clamp(m, 1e-3, 1 - 1e-3);
        var (delta, gamma) = PooledCorrection(segment);
        double move = delta + gamma * LevelOf(discount) * LevelWidth;
        if (move != 0)
            m = Math.Clamp(1 / (1 + Math.Exp(-(Math.Log(m / (1 - m)) + move))), 1e-3, 1 - 1e-3);
        return (PriorStrength * m + acc, PriorStrength * (1 - m) + dec);
    }

    /// <summary>Factor to multiply the model's acceptance probability by: the posterior mean over the prior mean,
    /// or with <paramref name="rng"/> a Thompson draw from the posterior over the prior mean.</summary>
    public double Calibration(string segment, double discount, double modelMean, ref SeededRandom rng, bool explore)
    {
        var (a, b) = Posterior(segment, discount, modelMean);
        double prior = ModelMeanFor(segment, discount, modelMean);
        double r = explore ? BetaDistribution.Sample(ref rng, a, b) : BetaDistribution.Mean(a, b);
        return r / prior;
    }

    /// <summary>The calibration factor's posterior mean and 90% interval (normal approximation to the Beta, clipped to
    /// [0, 1]), each over the prior mean: what the per-cell learner shows when it prices.</summary>
    public (double Mean, double Low, double High) CalibrationRange(string segment, double discount, double modelMean)
    {
        var (a, b) = Posterior(segment, discount, modelMean);
        double prior = ModelMeanFor(segment, discount, modelMean);
        double mean = BetaDistribution.Mean(a, b);
        double sd = Math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
        return (mean / prior, Math.Max(0, mean - Interval90 * sd) / prior, Math.Min(1, mean + Interval90 * sd) / prior);
    }

    /// <summary>The standard normal quantile of 95%: ±1.645 standard deviations hold 90% of a normal posterior.</summary>
    public const double Interval90 = 1.6448536269514722;

    private double ModelMeanFor(string segment, double discount, double modelMean)
    {
        lock (_gate)
        {
            if (_cells.TryGetValue((segment, LevelOf(discount)), out var c) && c.PredictedCount > 0)
                return Math.Clamp(c.PredictedSum / c.PredictedCount, 1e-3, 1 - 1e-3);
        }
        return Math.Clamp(modelMean, 1e-3, 1 - 1e-3);
    }

    /// <summary>Writes every cell as JSON (for the model folder), so learning survives restarts.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("version", 2);
        w.WriteNumber("level_width", LevelWidth);
        w.WriteNumber("prior_strength", PriorStrength);
        w.WriteBoolean("pool_levels", PoolLevels);
        w.WriteBoolean("use_offer_model", UseOfferModel);
        w.WritePropertyName("offer_model");
        Offers.WriteTo(w);
        w.WriteStartArray("users");
        foreach (var (user, accepted, declined) in Users.All())
        {
            w.WriteStartArray();
            w.WriteNumberValue(user);
            w.WriteNumberValue(accepted);
            w.WriteNumberValue(declined);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("cells");
        lock (_gate)
            foreach (var ((segment, level), c) in _cells.OrderBy(kv => kv.Key.Segment, StringComparer.Ordinal).ThenBy(kv => kv.Key.Level))
            {
                w.WriteStartObject();
                w.WriteString("segment", segment);
                w.WriteNumber("level", level);
                w.WriteNumber("shown", c.Shown);
                w.WriteNumber("accepted", c.Accepted);
                w.WriteNumber("declined", c.Declined);
                w.WriteNumber("predicted_sum", c.PredictedSum);
                w.WriteNumber("predicted_count", c.PredictedCount);
                w.WriteEndObject();
            }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads feedback written by <see cref="Save"/>: version 2, or version 1 (cells only; the per-offer
    /// learner then starts empty).</summary>
    public static AcceptanceFeedback Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            int version = root.TryGetProperty("version", out var v) ? v.GetInt32() : 1;
            if (version is < 1 or > 2)
                throw new DataException($"offer feedback file version {version} is not supported (this build reads versions 1 and 2)", file: path);
            var f = new AcceptanceFeedback
            {
                UseOfferModel = !root.TryGetProperty("use_offer_model", out var useOffers) || useOffers.GetBoolean(),
                Offers = version >= 2 ? OfferResponseLearner.ReadFrom(root.GetProperty("offer_model")) : new OfferResponseLearner(),
                LevelWidth = root.GetProperty("level_width").GetDouble(),
                PriorStrength = root.GetProperty("prior_strength").GetDouble(),
                PoolLevels = !root.TryGetProperty("pool_levels", out var pool) || pool.GetBoolean(),
            };
            if (version >= 2)
                foreach (var u in root.GetProperty("users").EnumerateArray())
                    f.Users.Set(u[0].GetInt32(), u[1].GetInt32(), u[2].GetInt32());
            foreach (var e in root.GetProperty("cells").EnumerateArray())
                f._cells[(e.GetProperty("segment").GetString()!, e.GetProperty("level").GetInt32())] = new Cell
                {
                    Shown = e.GetProperty("shown").GetInt64(),
                    Accepted = e.GetProperty("accepted").GetInt64(),
                    Declined = e.GetProperty("declined").GetInt64(),
                    PredictedSum = e.GetProperty("predicted_sum").GetDouble(),
                    PredictedCount = e.GetProperty("predicted_count").GetInt64(),
                };
            foreach (var c in f._cells.Values)
                f._version += c.Accepted + c.Declined;
            return f;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new DataException($"not a valid offer feedback file: {e.Message}", file: path, inner: e);
        }
    }

    /// <summary>Offers accepted or declined in every cell of <paramref name="segment"/> (the pooled correction reads them all).</summary>
    public long Responses(string segment)
    {
        long n = 0;
        lock (_gate)
            foreach (var ((seg, _), c) in _cells)
                if (seg == segment)
                    n += c.Accepted + c.Declined;
        return n;
    }

    /// <summary>Offers shown, accepted and declined in a cell.</summary>
    public (long Shown, long Accepted, long Declined) Counts(string segment, double discount)
    {
        lock (_gate)
            return _cells.TryGetValue((segment, LevelOf(discount)), out var c) ? (c.Shown, c.Accepted, c.Declined) : (0, 0, 0);
    }
}
