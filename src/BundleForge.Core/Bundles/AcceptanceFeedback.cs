using System.Text.Json;
using BundleForge.Synthetic;

namespace BundleForge.Bundles;

/// <summary>What the shop has learned from offer feedback: one Beta posterior over the acceptance rate per
/// (segment, discount level). The prior of a cell is centred on the acceptance model's own mean prediction for the
/// offers of that cell, shifted on the logit scale by the segment's pooled shift δ (see <see cref="PooledShift"/>),
/// with a strength of <see cref="PriorStrength"/> pseudo-offers; the posterior mean divided by the model's prediction
/// is a calibration factor: above 1 when customers accept more than the model expected. Pooling matters: without it a
/// level the shop rarely tries (list price, when the model starts pessimistic) keeps its pessimistic prior however
/// often customers accept at the neighbouring levels, and the pricer keeps giving away discounts.</summary>
public sealed class AcceptanceFeedback
{
    private sealed class Cell
    {
        public long Shown, Accepted, Declined;
        public double PredictedSum;
        public long PredictedCount;
    }

    private readonly Dictionary<(string Segment, int Level), Cell> _cells = new();
    private readonly Dictionary<string, double> _shift = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Share evidence across the discount levels of a segment through <see cref="PooledShift"/> (false:
    /// independent cells, each prior at the model's own prediction).</summary>
    public bool PoolLevels { get; init; } = true;
    /// <summary>Prior standard deviation of the pooled logit shift.</summary>
    public double ShiftPriorSd { get; init; } = 1.5;

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
            if (e.Kind != OfferEventKind.Shown) _shift.Remove(e.Segment);
        }
    }

    /// <summary>The segment's logit shift δ: the maximum a-posteriori value (prior N(0, <see cref="ShiftPriorSd"/>²)) of
    /// Σ_cells [accepted · log σ(logit m_c + δ) + declined · log(1 − σ(logit m_c + δ))], with m_c the model's mean
    /// prediction in cell c: how much more (δ &gt; 0) or less likely customers of the segment accept than the model
    /// predicts, across all discount levels. 0 without feedback.</summary>
    public double PooledShift(string segment)
    {
        if (!PoolLevels) return 0;
        lock (_gate)
        {
            if (_shift.TryGetValue(segment, out double cached)) return cached;
            var cells = new List<(double Z, double Accepted, double Declined)>();
            foreach (var ((seg, _), c) in _cells)
                if (seg == segment && c.PredictedCount > 0 && c.Accepted + c.Declined > 0)
                {
                    double m = Math.Clamp(c.PredictedSum / c.PredictedCount, 1e-3, 1 - 1e-3);
                    cells.Add((Math.Log(m / (1 - m)), c.Accepted, c.Declined));
                }
            double delta = 0, precision = 1 / (ShiftPriorSd * ShiftPriorSd);
            for (int it = 0; it < 50 && cells.Count > 0; it++)
            {
                double g = -delta * precision, h = precision;
                foreach (var (z, a, d) in cells)
                {
                    double p = 1 / (1 + Math.Exp(-(z + delta)));
                    g += a - (a + d) * p;
                    h += (a + d) * p * (1 - p);
                }
                double step = Math.Clamp(g / h, -1, 1);
                delta += step;
                if (Math.Abs(step) < 1e-6) break;
            }
            _shift[segment] = delta;
            return delta;
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
        double delta = PooledShift(segment);
        if (delta != 0) m = Math.Clamp(1 / (1 + Math.Exp(-(Math.Log(m / (1 - m)) + delta))), 1e-3, 1 - 1e-3);
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

    /// <summary>Writes every cell as JSON (for the model folder), so learning survives restarts.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("version", 1);
        w.WriteNumber("level_width", LevelWidth);
        w.WriteNumber("prior_strength", PriorStrength);
        w.WriteBoolean("pool_levels", PoolLevels);
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

    /// <summary>Reads feedback written by <see cref="Save"/>.</summary>
    public static AcceptanceFeedback Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var f = new AcceptanceFeedback
            {
                LevelWidth = root.GetProperty("level_width").GetDouble(),
                PriorStrength = root.GetProperty("prior_strength").GetDouble(),
                PoolLevels = !root.TryGetProperty("pool_levels", out var pool) || pool.GetBoolean(),
            };
            foreach (var e in root.GetProperty("cells").EnumerateArray())
                f._cells[(e.GetProperty("segment").GetString()!, e.GetProperty("level").GetInt32())] = new Cell
                {
                    Shown = e.GetProperty("shown").GetInt64(),
                    Accepted = e.GetProperty("accepted").GetInt64(),
                    Declined = e.GetProperty("declined").GetInt64(),
                    PredictedSum = e.GetProperty("predicted_sum").GetDouble(),
                    PredictedCount = e.GetProperty("predicted_count").GetInt64(),
                };
            return f;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DataException($"not a valid offer feedback file: {e.Message}", file: path, inner: e);
        }
    }

    /// <summary>Offers shown, accepted and declined in a cell.</summary>
    public (long Shown, long Accepted, long Declined) Counts(string segment, double discount)
    {
        lock (_gate)
            return _cells.TryGetValue((segment, LevelOf(discount)), out var c) ? (c.Shown, c.Accepted, c.Declined) : (0, 0, 0);
    }
}
