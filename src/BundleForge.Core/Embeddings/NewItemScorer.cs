using System.Numerics.Tensors;
using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Scores products nobody (or almost nobody) has bought for one customer from their text, with three signals
/// blended by a <see cref="NewItemBlend"/> chosen on a validation period: <b>text</b>, the mean text cosine of the
/// candidate's <see cref="NearestCount"/> closest history items; <b>words</b>, the TF-IDF title overlap with the
/// history (<see cref="TitleTfIdf"/>); <b>behaviour</b>, the candidate's behaviour vector borrowed from its nearest
/// trained items in text space (<see cref="MapByNeighbours"/>) against its <see cref="NearestCount"/> closest history
/// items in item2vec space. Each signal is standardised over the candidates of one customer before the weighted sum,
/// so the weights do not depend on the signals' scales. Rows are in one dense item order throughout.</summary>
public sealed class NewItemScorer
{
    /// <summary>History items a candidate is compared with (the mean of its closest ones), so a customer of several
    /// product ranges is matched by the range a new product belongs to rather than by the blur of all of them.</summary>
    public const int NearestCount = 3;

    private readonly float[] _text;
    private readonly float[] _behaviour;
    private readonly bool[] _trained;

    /// <summary>Text rows (items × <paramref name="textDimensions"/>, unit or zero), behaviour rows (items ×
    /// <paramref name="behaviourDimensions"/>, unit; only rows where <paramref name="trained"/> is true are read) and
    /// the title TF-IDF of the same items.</summary>
    public NewItemScorer(float[] text, int textDimensions, float[] behaviour, int behaviourDimensions, bool[] trained, TitleTfIdf words)
    {
        if ((long)trained.Length * textDimensions != text.Length || (long)trained.Length * behaviourDimensions != behaviour.Length)
            throw new ArgumentException("One text row and one behaviour row per item are required.");
        _text = text;
        _behaviour = behaviour;
        _trained = trained;
        TextDimensions = textDimensions;
        BehaviourDimensions = behaviourDimensions;
        Words = words;
    }

    /// <summary>A scorer over <paramref name="items"/>' dense order from stored text vectors and item2vec vectors
    /// (matched by item id; an item either lacks is a zero row, and only item2vec's trained vectors count as behaviour).</summary>
    public static NewItemScorer Build(ItemCatalog items, ItemTextVectors text, string[] behaviourIds, ItemEmbeddings embeddings)
    {
        int n = items.Count, p = text.Dimensions, q = embeddings.Dimensions;
        var textRow = RowsById(text.ItemIds);
        var behaviourRow = RowsById(behaviourIds);
        var textRows = new float[(long)n * p];
        var behaviour = new float[(long)n * q];
        var trained = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (textRow.TryGetValue(items.Ids[i], out int t))
                text.VectorOf(t).CopyTo(textRows.AsSpan(i * p, p));
            if (behaviourRow.TryGetValue(items.Ids[i], out int v) && embeddings.Source[v] == ItemVectorSource.Trained)
            {
                var row = behaviour.AsSpan(i * q, q);
                embeddings.InputOf(v).CopyTo(row);
                trained[i] = VectorMath.NormalizeInPlace(row);
            }
        }
        return new NewItemScorer(textRows, p, behaviour, q, trained, new TitleTfIdf(items));
    }

    private static Dictionary<string, int> RowsById(string[] ids)
    {
        var rows = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int r = 0; r < ids.Length; r++)
            rows[ids[r]] = r;
        return rows;
    }

    /// <summary>Items covered.</summary>
    public int Count => _trained.Length;
    /// <summary>Dimensions of the text rows.</summary>
    public int TextDimensions { get; }
    /// <summary>Dimensions of the behaviour rows.</summary>
    public int BehaviourDimensions { get; }
    /// <summary>The title TF-IDF the words signal reads.</summary>
    public TitleTfIdf Words { get; }

    /// <summary>The text row of an item.</summary>
    public ReadOnlySpan<float> TextOf(int item) => _text.AsSpan(item * TextDimensions, TextDimensions);

    /// <summary>True when the item has a text vector.</summary>
    public bool HasText(int item) => TensorPrimitives.Norm(TextOf(item)) > 0;

    /// <summary>True when the item has a trained behaviour vector.</summary>
    public bool IsTrained(int item) => _trained[item];

    /// <summary>A behaviour vector for <paramref name="item"/> from its text: the mean of the unit behaviour vectors
    /// of its <paramref name="neighbours"/> nearest items in text space among those where <paramref name="pool"/> is
    /// true (and trained), weighted by their positive text cosine, scaled to unit length. All zero when the item has
    /// no text or no pool item is close.</summary>
    public void MapByNeighbours(int item, int neighbours, ReadOnlySpan<bool> pool, Span<float> into)
    {
        if (into.Length != BehaviourDimensions)
            throw new ArgumentException($"A row of {BehaviourDimensions} floats is required.", nameof(into));
        into.Clear();
        foreach (var (j, c) in NearestTrained(item, neighbours, pool))
            TensorPrimitives.MultiplyAdd(_behaviour.AsSpan(j * BehaviourDimensions, BehaviourDimensions), c, into, into);
        VectorMath.NormalizeInPlace(into);
    }

    /// <summary>The <paramref name="neighbours"/> nearest items of <paramref name="item"/> in text space among those
    /// where <paramref name="pool"/> is true and that have a trained behaviour vector, with their text cosine (positive
    /// only), closest first (ties: the lower item); empty when the item has no text. The items a new product borrows its
    /// behaviour from.</summary>
    public (int Item, float Cosine)[] NearestTrained(int item, int neighbours, ReadOnlySpan<bool> pool)
    {
        if (neighbours < 1 || !HasText(item))
            return [];
        var best = new (float Cosine, int Item)[neighbours];
        int filled = 0;
        var text = TextOf(item);
        for (int j = 0; j < Count; j++)
        {
            if (j == item || !pool[j] || !_trained[j])
                continue;
            float c = TensorPrimitives.Dot(text, TextOf(j));
            if (!(c > 0))
                continue;
            if (filled < neighbours)
            {
                best[filled++] = (c, j);
                continue;
            }
            int worst = 0;
            for (int r = 1; r < neighbours; r++)
                if (best[r].Cosine < best[worst].Cosine || (best[r].Cosine == best[worst].Cosine && best[r].Item > best[worst].Item))
                    worst = r;
            if (c > best[worst].Cosine)
                best[worst] = (c, j);
        }
        var result = new (int Item, float Cosine)[filled];
        for (int r = 0; r < filled; r++)
            result[r] = (best[r].Item, best[r].Cosine);
        Array.Sort(result, static (a, b) => a.Cosine != b.Cosine ? b.Cosine.CompareTo(a.Cosine) : a.Item.CompareTo(b.Item));
        return result;
    }

    /// <summary>The three raw signals of each candidate for a customer whose history is <paramref name="history"/>
    /// (item, weight = orders holding it); <paramref name="mapped"/> holds the candidates' behaviour vectors, one row
    /// per candidate in the same order. A signal with nothing to compare is negative infinity.</summary>
    public void Signals(IReadOnlyList<(int Item, float Weight)> history, IReadOnlyList<int> candidates, ReadOnlySpan<float> mapped,
        Span<float> text, Span<float> words, Span<float> behaviour)
    {
        var profile = new float[Words.WordCount];
        foreach (var (i, w) in history)
            Words.AddTo(i, w, profile);
        int q = BehaviourDimensions;
        for (int r = 0; r < candidates.Count; r++)
        {
            int k = candidates[r];
            text[r] = HasText(k) ? NearestMean(TextOf(k), _text, TextDimensions, history, null) : float.NegativeInfinity;
            words[r] = Words.Dot(k, profile);
            var m = mapped.Slice(r * q, q);
            behaviour[r] = TensorPrimitives.Norm(m) > 0 ? NearestMean(m, _behaviour, q, history, _trained) : float.NegativeInfinity;
        }
    }

    /// <summary>The blend's score of each candidate from its three raw signals (each standardised over the
    /// candidates first; negative infinity counts as the lowest finite value).</summary>
    public static void Blend(NewItemBlend blend, ReadOnlySpan<float> text, ReadOnlySpan<float> words, ReadOnlySpan<float> behaviour, Span<float> scores)
    {
        scores.Clear();
        AddStandardised(text, (float)blend.TextWeight, scores);
        AddStandardised(words, (float)blend.WordWeight, scores);
        AddStandardised(behaviour, (float)blend.BehaviourWeight, scores);
    }

    /// <summary>Adds weight × (x − mean) / sd of the finite values into <paramref name="into"/> (non-finite values
    /// count as the lowest finite one; a constant signal adds nothing).</summary>
    public static void AddStandardised(ReadOnlySpan<float> values, float weight, Span<float> into)
    {
        if (weight == 0 || values.Length == 0)
            return;
        double sum = 0, squares = 0;
        int n = 0;
        float low = float.PositiveInfinity;
        foreach (var v in values)
            if (float.IsFinite(v))
            {
                sum += v;
                squares += (double)v * v;
                n++;
                low = Math.Min(low, v);
            }
        if (n == 0)
            return;
        double mean = sum / n;
        double sd = Math.Sqrt(Math.Max(0, squares / n - mean * mean));
        if (sd < 1e-9)
            return;
        for (int r = 0; r < values.Length; r++)
        {
            float v = float.IsFinite(values[r]) ? values[r] : low;
            into[r] += (float)(weight * (v - mean) / sd);
        }
    }

    /// <summary>The mean cosine of <paramref name="candidate"/> with its <see cref="NearestCount"/> closest history
    /// rows (rows where <paramref name="usable"/> is false are skipped); negative infinity when none is usable.</summary>
    public static float NearestMean(ReadOnlySpan<float> candidate, float[] rows, int dimensions, IReadOnlyList<(int Item, float Weight)> history, bool[]? usable)
    {
        Span<float> best = stackalloc float[NearestCount];
        best.Fill(float.NegativeInfinity);
        foreach (var (h, _) in history)
        {
            if (usable is not null && !usable[h])
                continue;
            float c = TensorPrimitives.Dot(candidate, rows.AsSpan(h * dimensions, dimensions));
            int worst = 0;
            for (int r = 1; r < NearestCount; r++)
                if (best[r] < best[worst])
                    worst = r;
            if (c > best[worst])
                best[worst] = c;
        }
        float total = 0;
        int n = 0;
        foreach (var b in best)
            if (b > float.NegativeInfinity)
            {
                total += b;
                n++;
            }
        return n == 0 ? float.NegativeInfinity : total / n;
    }
}
