namespace BundleForge.Embeddings;

/// <summary>A linear map from text space (a sentence encoder's vectors) to a behaviour space (item2vec's input
/// vectors), fitted by ridge regression on the items that have both, so an item nobody has bought yet gets a behaviour
/// vector from its text: <c>y = ȳ + (x − x̄)·W</c>, <c>W = (XᵀX + λI)⁻¹XᵀY</c> over centred rows. λ is chosen from a
/// small grid by the mean cosine on a seeded tenth of the items held out, then the map is refitted on all of them.</summary>
public sealed class TextToBehaviourMap
{
    private readonly double[] _weights;
    private readonly float[] _textMean;
    private readonly float[] _behaviourMean;

    private TextToBehaviourMap(double[] weights, float[] textMean, float[] behaviourMean, double lambda, int rows, double validationCosine)
    {
        _weights = weights;
        _textMean = textMean;
        _behaviourMean = behaviourMean;
        Lambda = lambda;
        Rows = rows;
        ValidationCosine = validationCosine;
    }

    /// <summary>The ridge penalty chosen (relative to the mean diagonal of XᵀX).</summary>
    public double Lambda { get; }
    /// <summary>Items the final map was fitted on.</summary>
    public int Rows { get; }
    /// <summary>Mean cosine between mapped and true behaviour vectors on the held-out tenth, with the chosen λ.</summary>
    public double ValidationCosine { get; }
    /// <summary>Dimensions of the text space.</summary>
    public int TextDimensions => _textMean.Length;
    /// <summary>Dimensions of the behaviour space.</summary>
    public int BehaviourDimensions => _behaviourMean.Length;

    /// <summary>The ridge penalties tried, as multiples of the mean diagonal of XᵀX.</summary>
    public static IReadOnlyList<double> LambdaGrid { get; } = [0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

    /// <summary>Fits the map on the rows where <paramref name="use"/> is true: <paramref name="text"/> is items ×
    /// <paramref name="textDimensions"/>, <paramref name="behaviour"/> items × <paramref name="behaviourDimensions"/>
    /// (each row is scaled to unit length first; zero rows are skipped). Needs at least 10 usable rows.</summary>
    public static TextToBehaviourMap Fit(ReadOnlySpan<float> text, int textDimensions, ReadOnlySpan<float> behaviour, int behaviourDimensions, ReadOnlySpan<bool> use, long seed = 17)
    {
        int n = use.Length;
        if ((long)n * textDimensions != text.Length || (long)n * behaviourDimensions != behaviour.Length)
            throw new ArgumentException("One text row and one behaviour row per item are required.");
        var rows = new List<int>();
        for (int i = 0; i < n; i++)
            if (use[i] && HasLength(text.Slice(i * textDimensions, textDimensions)) && HasLength(behaviour.Slice(i * behaviourDimensions, behaviourDimensions)))
                rows.Add(i);
        if (rows.Count < 10)
            throw new DataException($"Only {rows.Count} items have both a text and a behaviour vector; the text-to-behaviour map needs at least 10.");
        var x = Gather(text, textDimensions, rows);
        var y = Gather(behaviour, behaviourDimensions, rows);

        // Choose λ on a seeded tenth held out.
        var order = Enumerable.Range(0, rows.Count).ToArray();
        new SeededRandom(seed).Shuffle(order.AsSpan());
        int held = Math.Max(1, rows.Count / 10);
        var validation = order[..held];
        var training = order[held..];
        double bestCosine = double.NegativeInfinity;
        double bestLambda = LambdaGrid[0];
        foreach (var lambda in LambdaGrid)
        {
            var map = Solve(x, y, textDimensions, behaviourDimensions, training, lambda);
            double cosine = map.MeanCosine(x, y, validation);
            if (cosine > bestCosine)
            { bestCosine = cosine; bestLambda = lambda; }
        }
        var all = Enumerable.Range(0, rows.Count).ToArray();
        var final = Solve(x, y, textDimensions, behaviourDimensions, all, bestLambda);
        return new TextToBehaviourMap(final._weights, final._textMean, final._behaviourMean, bestLambda, rows.Count, bestCosine);
    }

    /// <summary>The behaviour vector of a text vector, scaled to unit length (all zero for a zero text vector).</summary>
    public float[] Map(ReadOnlySpan<float> text)
    {
        if (text.Length != TextDimensions)
            throw new ArgumentException($"A text vector of {TextDimensions} dimensions is required.", nameof(text));
        var result = new float[BehaviourDimensions];
        if (!HasLength(text))
            return result;
        MapInto(text, result);
        VectorMath.NormalizeInPlace(result);
        return result;
    }

    /// <summary>Mean cosine between the map's output and the true behaviour over <paramref name="rows"/>.</summary>
    private double MeanCosine(float[][] x, float[][] y, int[] rows)
    {
        var mapped = new float[BehaviourDimensions];
        double sum = 0;
        foreach (int r in rows)
        {
            MapInto(x[r], mapped);
            sum += VectorMath.Cosine(mapped, y[r]);
        }
        return sum / rows.Length;
    }

    private void MapInto(ReadOnlySpan<float> text, Span<float> into)
    {
        int p = TextDimensions;
        int q = BehaviourDimensions;
        var acc = new double[q];
        for (int a = 0; a < p; a++)
        {
            double centred = text[a] - _textMean[a];
            if (centred == 0)
                continue;
            var w = _weights.AsSpan(a * q, q);
            for (int b = 0; b < q; b++)
                acc[b] += centred * w[b];
        }
        for (int b = 0; b < q; b++)
            into[b] = (float)(acc[b] + _behaviourMean[b]);
    }

    private static TextToBehaviourMap Solve(float[][] x, float[][] y, int p, int q, int[] rows, double lambda)
    {
        var xMean = new double[p];
        var yMean = new double[q];
        foreach (int r in rows)
        {
            for (int a = 0; a < p; a++)
                xMean[a] += x[r][a];
            for (int b = 0; b < q; b++)
                yMean[b] += y[r][b];
        }
        for (int a = 0; a < p; a++)
            xMean[a] /= rows.Length;
        for (int b = 0; b < q; b++)
            yMean[b] /= rows.Length;
        var gram = new double[p * p];
        var cross = new double[p * q];
        var xc = new double[p];
        var yc = new double[q];
        foreach (int r in rows)
        {
            for (int a = 0; a < p; a++)
                xc[a] = x[r][a] - xMean[a];
            for (int b = 0; b < q; b++)
                yc[b] = y[r][b] - yMean[b];
            for (int a = 0; a < p; a++)
            {
                double va = xc[a];
                if (va == 0)
                    continue;
                var g = gram.AsSpan(a * p, p);
                for (int c = a; c < p; c++)
                    g[c] += va * xc[c];
                var h = cross.AsSpan(a * q, q);
                for (int b = 0; b < q; b++)
                    h[b] += va * yc[b];
            }
        }
        double trace = 0;
        for (int a = 0; a < p; a++)
            trace += gram[a * p + a];
        double penalty = lambda * Math.Max(trace / p, 1e-12);
        for (int a = 0; a < p; a++)
        {
            gram[a * p + a] += penalty;
            for (int c = 0; c < a; c++)
                gram[a * p + c] = gram[c * p + a];
        }
        CholeskySolve(gram, cross, p, q);
        return new TextToBehaviourMap(cross, [.. xMean.Select(v => (float)v)], [.. yMean.Select(v => (float)v)], lambda, rows.Length, double.NaN);
    }

    /// <summary>Solves A·X = B in place (A symmetric positive definite, p × p; B p × q, overwritten by X).</summary>
    private static void CholeskySolve(double[] a, double[] b, int p, int q)
    {
        // A = L·Lᵀ, L stored in the lower triangle of a.
        for (int j = 0; j < p; j++)
        {
            double d = a[j * p + j];
            for (int k = 0; k < j; k++)
                d -= a[j * p + k] * a[j * p + k];
            if (!(d > 0))
                throw new InvalidOperationException("The ridge system is not positive definite.");
            d = Math.Sqrt(d);
            a[j * p + j] = d;
            for (int i = j + 1; i < p; i++)
            {
                double s = a[i * p + j];
                for (int k = 0; k < j; k++)
                    s -= a[i * p + k] * a[j * p + k];
                a[i * p + j] = s / d;
            }
        }
        // Forward: L·Z = B.
        for (int i = 0; i < p; i++)
        {
            var bi = b.AsSpan(i * q, q);
            for (int k = 0; k < i; k++)
            {
                double l = a[i * p + k];
                var bk = b.AsSpan(k * q, q);
                for (int c = 0; c < q; c++)
                    bi[c] -= l * bk[c];
            }
            double diag = a[i * p + i];
            for (int c = 0; c < q; c++)
                bi[c] /= diag;
        }
        // Backward: Lᵀ·X = Z.
        for (int i = p - 1; i >= 0; i--)
        {
            var bi = b.AsSpan(i * q, q);
            for (int k = i + 1; k < p; k++)
            {
                double l = a[k * p + i];
                var bk = b.AsSpan(k * q, q);
                for (int c = 0; c < q; c++)
                    bi[c] -= l * bk[c];
            }
            double diag = a[i * p + i];
            for (int c = 0; c < q; c++)
                bi[c] /= diag;
        }
    }

    private static float[][] Gather(ReadOnlySpan<float> rows, int dimensions, List<int> items)
    {
        var result = new float[items.Count][];
        for (int r = 0; r < items.Count; r++)
        {
            var v = rows.Slice(items[r] * dimensions, dimensions).ToArray();
            VectorMath.NormalizeInPlace(v);
            result[r] = v;
        }
        return result;
    }

    private static bool HasLength(ReadOnlySpan<float> v)
    {
        foreach (var f in v)
            if (f != 0)
                return true;
        return false;
    }
}
