using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Title word overlap for new products (the cold-items task's lexical baseline and one signal of <see cref="NewItemScorer"/>): each title as a unit-length TF-IDF vector over
/// <see cref="TitleTokenizer"/> words (idf = ln(N / df) over the catalog's titles), compared by cosine.</summary>
public sealed class TitleTfIdf
{
    private readonly (int Word, float Weight)[][] _rows;

    /// <summary>Vectors of every title of <paramref name="catalog"/>.</summary>
    public TitleTfIdf(ItemCatalog catalog)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new List<string>[catalog.Count];
        var df = new List<int>();
        for (int i = 0; i < catalog.Count; i++)
        {
            tokens[i] = TitleTokenizer.Tokenize(catalog.Titles[i]);
            foreach (var t in tokens[i].Distinct())
            {
                if (!words.TryGetValue(t, out int w))
                {
                    w = words.Count;
                    words.Add(t, w);
                    df.Add(0);
                }
                df[w]++;
            }
        }
        _rows = new (int, float)[catalog.Count][];
        for (int i = 0; i < catalog.Count; i++)
        {
            var tf = new Dictionary<int, float>();
            foreach (var t in tokens[i])
            {
                int w = words[t];
                tf[w] = tf.GetValueOrDefault(w) + (float)Math.Log((double)catalog.Count / df[w]);
            }
            double norm = Math.Sqrt(tf.Values.Sum(v => (double)v * v));
            _rows[i] = norm > 0 ? [.. tf.Select(p => (p.Key, (float)(p.Value / norm)))] : [];
        }
        WordCount = words.Count;
    }

    /// <summary>Distinct words over the catalog's titles.</summary>
    public int WordCount { get; }

    /// <summary>Adds <paramref name="weight"/> × item's unit TF-IDF vector into the dense <paramref name="into"/>
    /// (<see cref="WordCount"/> long).</summary>
    public void AddTo(int item, float weight, Span<float> into)
    {
        foreach (var (w, v) in _rows[item])
            into[w] += weight * v;
    }

    /// <summary>Dot product of the item's unit TF-IDF vector with a dense vector.</summary>
    public float Dot(int item, ReadOnlySpan<float> dense)
    {
        float s = 0;
        foreach (var (w, v) in _rows[item])
            s += v * dense[w];
        return s;
    }
}
