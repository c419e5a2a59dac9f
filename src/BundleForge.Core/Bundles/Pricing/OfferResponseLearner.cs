using System.Text.Json;

namespace BundleForge.Bundles.Pricing;

/// <summary>Online Bayesian logistic regression of offer acceptance on the offer's observable features
/// (<see cref="OfferFeatures"/>): logit P(accept) = o + θ·x, where o is the acceptance model's own logit for the offer
/// (the prior guess, recorded with the event) and θ a correction with prior N(0, diag σ²). θ's posterior is the Laplace
/// approximation N(θ̂, H⁻¹) around the maximum a-posteriori θ̂ (Newton steps on every labelled event in the window),
/// so Thompson sampling draws θ = θ̂ + L⁻ᵀz with H = LLᵀ. Unlike per-(segment, discount level) calibration, every
/// offer informs the price slope (the discount coefficients), whatever level it was shown at.
/// <para>Thread safety: <see cref="Record"/> appends under a short lock; every <see cref="RefitEvery"/> events (or
/// 1/16 of the window, whichever is larger) the recording thread (or, with <see cref="RefitInBackground"/>, a
/// thread-pool thread) refits outside that lock and publishes an immutable <see cref="Posterior"/> with one reference
/// write. Readers never lock.</para></summary>
public sealed class OfferResponseLearner
{
    /// <summary>An immutable fitted posterior: the mode, the Cholesky factor of the precision and the evidence behind it.</summary>
    public sealed class Posterior
    {
        internal Posterior(double[] mean, double[] cholesky, int labelled, int accepted)
        {
            Mean = mean;
            Cholesky = cholesky;
            Labelled = labelled;
            Accepted = accepted;
        }

        /// <summary>θ̂, the maximum a-posteriori correction.</summary>
        public double[] Mean { get; }
        /// <summary>Row-major lower-triangular L with LLᵀ = H (the posterior precision).</summary>
        internal double[] Cholesky { get; }
        /// <summary>Labelled (accepted or declined) events the fit used.</summary>
        public int Labelled { get; }
        public int Accepted { get; }

        /// <summary>The posterior standard deviation of θ·x, √(xᵀH⁻¹x) = |L⁻¹x| (one forward substitution, no
        /// allocation): how uncertain the learned correction of an offer with features <paramref name="x"/> is.</summary>
        public double Spread(ReadOnlySpan<double> x)
        {
            const int D = OfferFeatures.Dimension;
            Span<double> v = stackalloc double[D];
            double sum = 0;
            for (int i = 0; i < D; i++)
            {
                double s = x[i];
                for (int k = 0; k < i; k++)
                    s -= Cholesky[i * D + k] * v[k];
                v[i] = s / Cholesky[i * D + i];
                sum += v[i] * v[i];
            }
            return Math.Sqrt(sum);
        }

        /// <summary>Writes θ̂ (explore false) or a Thompson draw from N(θ̂, H⁻¹) into <paramref name="theta"/>.</summary>
        public void Sample(ref SeededRandom rng, bool explore, Span<double> theta)
        {
            const int D = OfferFeatures.Dimension;
            Mean.AsSpan().CopyTo(theta);
            if (!explore)
                return;
            Span<double> z = stackalloc double[D];
            for (int k = 0; k < D; k++)
                z[k] = rng.NextGaussian();
            // Solve Lᵀ u = z (back substitution): u ~ N(0, H⁻¹).
            for (int i = D - 1; i >= 0; i--)
            {
                double s = z[i];
                for (int j = i + 1; j < D; j++)
                    s -= Cholesky[j * D + i] * z[j];
                z[i] = s / Cholesky[i * D + i];
            }
            for (int k = 0; k < D; k++)
                theta[k] += z[k];
        }
    }

    private const int D = OfferFeatures.Dimension;
    private readonly object _gate = new();
    private readonly object _fitGate = new();
    private readonly double[] _x;      // Capacity × D, ring
    private readonly double[] _offset; // Capacity
    private readonly bool[] _accepted; // Capacity
    private int _count, _next, _sinceFit;
    private Posterior _posterior;

    public OfferResponseLearner(int capacity = 20_000, double[]? priorSd = null)
    {
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
        PriorSd = priorSd ?? DefaultPriorSd;
        if (PriorSd.Length != D)
            throw new ArgumentException($"expected {D} prior standard deviations", nameof(priorSd));
        _x = new double[capacity * D];
        _offset = new double[capacity];
        _accepted = new bool[capacity];
        _posterior = Fit([], [], [], 0, null);
    }

    /// <summary>Prior standard deviations of the correction, per feature (<see cref="OfferFeatures.Names"/>): the
    /// discount coefficient's 6 lets the data cancel the default slope of 8 entirely (customers who do not care about
    /// price) or double it.</summary>
    public static double[] DefaultPriorSd => [1.5, 0.7, 6, 4, 1, 2, 2, 1, 2, 2, 2, 6];

    public double[] PriorSd { get; }
    /// <summary>Most recent labelled events kept (older ones are forgotten, so the fit follows drifting customers).</summary>
    public int Capacity { get; }
    /// <summary>Smallest number of new labelled events between refits.</summary>
    public int RefitEvery { get; init; } = 16;

    /// <summary>Refit on a thread-pool thread instead of the thread whose <see cref="Record"/> crosses the threshold (a
    /// server: the feedback request does not wait the few milliseconds of Newton steps). Off by default, so a
    /// single-threaded run (a backtest, the simulator) stays reproducible.</summary>
    public bool RefitInBackground { get; set; }

    /// <summary>The current posterior (lock-free).</summary>
    public Posterior Current => Volatile.Read(ref _posterior);

    /// <summary>Labelled events held.</summary>
    public int Count { get { lock (_gate) return _count; } }

    /// <summary>Adds one labelled offer: its features at the shown discount, the model's logit o and the outcome.</summary>
    public void Record(in OfferFeatures features, double discount, double offset, bool accepted)
    {
        if (!features.IsValid || !double.IsFinite(offset) || !double.IsFinite(discount))
            return;
        bool refit;
        lock (_gate)
        {
            features.Fill(_x.AsSpan(_next * D, D), discount);
            _offset[_next] = offset;
            _accepted[_next] = accepted;
            _next = (_next + 1) % Capacity;
            if (_count < Capacity)
                _count++;
            _sinceFit++;
            refit = _sinceFit >= Math.Max(RefitEvery, _count / 16);
        }
        if (!refit)
            return;
        if (RefitInBackground)
            ThreadPool.UnsafeQueueUserWorkItem(static learner => learner.Refit(), this, preferLocal: false);
        else
            Refit();
    }

    /// <summary>Refits now on the events held (normally automatic).</summary>
    public void Refit()
    {
        // One refit at a time; a thread that finds another one running leaves it to finish (its events are included
        // at the next refit).
        if (!Monitor.TryEnter(_fitGate))
            return;
        try
        {
            double[] x, off;
            bool[] acc;
            int n;
            lock (_gate)
            {
                n = _count;
                x = _x.AsSpan(0, n * D).ToArray();
                off = _offset.AsSpan(0, n).ToArray();
                acc = _accepted.AsSpan(0, n).ToArray();
                _sinceFit = 0;
            }
            Volatile.Write(ref _posterior, Fit(x, off, acc, n, Current.Mean));
        }
        finally { Monitor.Exit(_fitGate); }
    }

    private Posterior Fit(double[] x, double[] off, bool[] acc, int n, double[]? start)
    {
        var theta = start is null ? new double[D] : (double[])start.Clone();
        var h = new double[D * D];
        var g = new double[D];
        var step = new double[D];
        int accepted = 0;
        for (int i = 0; i < n; i++)
            if (acc[i])
                accepted++;
        for (int it = 0; it < 30; it++)
        {
            Array.Clear(h);
            for (int k = 0; k < D; k++)
            {
                double prec = 1 / (PriorSd[k] * PriorSd[k]);
                h[k * D + k] = prec;
                g[k] = -theta[k] * prec;
            }
            for (int i = 0; i < n; i++)
            {
                var xi = x.AsSpan(i * D, D);
                double z = off[i];
                for (int k = 0; k < D; k++)
                    z += theta[k] * xi[k];
                double p = 1 / (1 + Math.Exp(-z));
                double r = (acc[i] ? 1 : 0) - p, w = Math.Max(p * (1 - p), 1e-9);
                for (int a = 0; a < D; a++)
                {
                    g[a] += r * xi[a];
                    double wa = w * xi[a];
                    for (int b = 0; b <= a; b++)
                        h[a * D + b] += wa * xi[b];
                }
            }
            for (int a = 0; a < D; a++)
                for (int b = a + 1; b < D; b++)
                    h[a * D + b] = h[b * D + a];
            var l = Cholesky(h);
            Solve(l, g, step);
            double biggest = 0;
            for (int k = 0; k < D; k++)
            {
                double s = Math.Clamp(step[k], -2, 2);
                theta[k] += s;
                biggest = Math.Max(biggest, Math.Abs(s));
            }
            if (biggest < 1e-7)
                break;
        }
        // The precision at the mode.
        Array.Clear(h);
        for (int k = 0; k < D; k++)
            h[k * D + k] = 1 / (PriorSd[k] * PriorSd[k]);
        for (int i = 0; i < n; i++)
        {
            var xi = x.AsSpan(i * D, D);
            double z = off[i];
            for (int k = 0; k < D; k++)
                z += theta[k] * xi[k];
            double p = 1 / (1 + Math.Exp(-z)), w = Math.Max(p * (1 - p), 1e-9);
            for (int a = 0; a < D; a++)
                for (int b = 0; b <= a; b++)
                    h[a * D + b] += w * xi[a] * xi[b];
        }
        for (int a = 0; a < D; a++)
            for (int b = a + 1; b < D; b++)
                h[a * D + b] = h[b * D + a];
        return new Posterior(theta, Cholesky(h), n, accepted);
    }

    /// <summary>Lower-triangular L with LLᵀ = A (A symmetric positive definite; a tiny ridge guards round-off).</summary>
    private static double[] Cholesky(double[] a)
    {
        var l = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * D + j];
                for (int k = 0; k < j; k++)
                    s -= l[i * D + k] * l[j * D + k];
                if (i == j)
                    l[i * D + i] = Math.Sqrt(Math.Max(s, 1e-10));
                else
                    l[i * D + j] = s / l[j * D + j];
            }
        return l;
    }

    /// <summary>Solves LLᵀ s = g.</summary>
    private static void Solve(double[] l, double[] g, double[] s)
    {
        for (int i = 0; i < D; i++)
        {
            double v = g[i];
            for (int k = 0; k < i; k++)
                v -= l[i * D + k] * s[k];
            s[i] = v / l[i * D + i];
        }
        for (int i = D - 1; i >= 0; i--)
        {
            double v = s[i];
            for (int k = i + 1; k < D; k++)
                v -= l[k * D + i] * s[k];
            s[i] = v / l[i * D + i];
        }
    }

    /// <summary>Writes the events held (oldest first) as a JSON object.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("capacity", Capacity);
        w.WriteStartArray("features");
        foreach (var name in OfferFeatures.Names)
            w.WriteStringValue(name);
        w.WriteEndArray();
        w.WriteStartArray("prior_sd");
        foreach (var s in PriorSd)
            w.WriteNumberValue(s);
        w.WriteEndArray();
        w.WriteStartArray("events");
        lock (_gate)
        {
            int start = _count < Capacity ? 0 : _next;
            for (int k = 0; k < _count; k++)
            {
                int i = (start + k) % Capacity;
                w.WriteStartArray();
                w.WriteNumberValue(_accepted[i] ? 1 : 0);
                w.WriteNumberValue(_offset[i]);
                for (int f = 0; f < D; f++)
                    w.WriteNumberValue(_x[i * D + f]);
                w.WriteEndArray();
            }
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote and fits the posterior.</summary>
    public static OfferResponseLearner ReadFrom(JsonElement e)
    {
        var names = e.GetProperty("features").EnumerateArray().Select(n => n.GetString()).ToArray();
        if (!names.SequenceEqual(OfferFeatures.Names))
            throw new FormatException($"offer features [{string.Join(", ", names)}] are not the ones this version learns from [{string.Join(", ", OfferFeatures.Names)}]");
        var learner = new OfferResponseLearner(e.GetProperty("capacity").GetInt32(), e.GetProperty("prior_sd").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        foreach (var ev in e.GetProperty("events").EnumerateArray())
        {
            if (ev.GetArrayLength() != D + 2)
                throw new FormatException($"an offer event needs {D + 2} numbers");
            int i = learner._next;
            int f = -2;
            foreach (var v in ev.EnumerateArray())
            {
                if (f == -2)
                    learner._accepted[i] = v.GetDouble() != 0;
                else if (f == -1)
                    learner._offset[i] = v.GetDouble();
                else
                    learner._x[i * D + f] = v.GetDouble();
                f++;
            }
            learner._next = (learner._next + 1) % learner.Capacity;
            if (learner._count < learner.Capacity)
                learner._count++;
        }
        learner.Refit();
        return learner;
    }
}
