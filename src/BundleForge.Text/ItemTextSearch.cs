using System.Numerics.Tensors;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Text;

/// <summary>Finds catalog items by meaning and by letters: the query is encoded by the sentence encoder and every item
/// scored by exact cosine with its text vector ("christmas lights" finds fairy lights and t-light holders), plus a
/// letter match that tolerates typos (the share of the query's letter trigrams found in the item's title or id) and
/// a bonus for a title or id holding the query as typed; an exact id comes first.</summary>
public sealed class ItemTextSearch
{
    /// <summary>Weight of the letter-trigram share beside the cosine (both 0–1).</summary>
    public const float LetterWeight = 0.5f;
    /// <summary>Bonus of a title or id that contains the query as typed.</summary>
    public const float ContainsBonus = 0.25f;
    /// <summary>Longest query read (longer ones are cut): product searches are short.</summary>
    public const int MaxQueryLength = 200;

    private readonly ItemCatalog _catalog;
    private readonly ItemTextVectors _vectors;
    private readonly TextEncoder _encoder;
    /// <summary>Letter trigram → the items whose title or id holds it (each item once), so a query's letter share
    /// costs one pass over the postings of its trigrams instead of a look-up per title.</summary>
    private readonly Dictionary<int, int[]> _postings;
    private readonly string[] _haystack;

    /// <summary>Search over <paramref name="catalog"/> whose text vectors are <paramref name="vectors"/>; queries are
    /// encoded by <paramref name="encoder"/> (the caller owns it).</summary>
    public ItemTextSearch(ItemCatalog catalog, ItemTextVectors vectors, TextEncoder encoder)
    {
        if (!vectors.ItemIds.AsSpan().SequenceEqual(catalog.Ids))
            throw new DataException("The text vectors were computed for other items than the catalog; train both in one run.");
        if (vectors.Encoder != TextEncoder.ModelName || vectors.Dimensions != TextEncoder.VectorDimensions)
            throw new DataException($"The text vectors come from the encoder '{vectors.Encoder}' ({vectors.Dimensions} dimensions); this build encodes queries with {TextEncoder.ModelName} ({TextEncoder.VectorDimensions}). Retrain the text model.");
        _catalog = catalog;
        _vectors = vectors;
        _encoder = encoder;
        int n = catalog.Count;
        _haystack = new string[n];
        var postings = new Dictionary<int, List<int>>();
        for (int i = 0; i < n; i++)
        {
            _haystack[i] = Normalize(catalog.Titles[i] + " " + catalog.Ids[i]);
            foreach (int t in Trigrams(_haystack[i]))
            {
                if (!postings.TryGetValue(t, out var items))
                    postings[t] = items = [];
                items.Add(i);
            }
        }
        _postings = new Dictionary<int, int[]>(postings.Count);
        foreach (var (t, items) in postings)
            _postings[t] = items.ToArray();
    }

    /// <summary>The <paramref name="k"/> best items for <paramref name="query"/>, best first; none for a blank query.</summary>
    public IReadOnlyList<TextSearchHit> Search(string query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var q = query.Trim();
        if (q.Length > MaxQueryLength)
            q = q[..MaxQueryLength];
        if (q.Length == 0)
            return [];
        var meaning = _encoder.Encode(q);
        var typed = Normalize(q);
        var queryTrigrams = Trigrams(typed);
        int n = _catalog.Count, d = _vectors.Dimensions;
        var cosines = new float[n];
        var rows = _vectors.Vectors.AsSpan();
        for (int i = 0; i < n; i++)
            cosines[i] = TensorPrimitives.Dot(rows.Slice(i * d, d), meaning);
        var letters = new float[n];
        if (queryTrigrams.Count > 0)
        {
            float step = 1f / queryTrigrams.Count;
            foreach (int t in queryTrigrams)
                if (_postings.TryGetValue(t, out var items))
                    foreach (int i in items)
                        letters[i] += step;
        }
        var heap = new TopKHeap(k);
        for (int i = 0; i < n; i++)
        {
            float score = Math.Max(0f, cosines[i]) + LetterWeight * letters[i];
            if (typed.Length > 0 && _haystack[i].Contains(typed, StringComparison.Ordinal))
                score += ContainsBonus;
            if (string.Equals(_catalog.Ids[i], q, StringComparison.OrdinalIgnoreCase))
                score += 10;
            heap.Add(i, score);
        }
        var best = heap.ToSortedArray();
        var hits = new List<TextSearchHit>(best.Length);
        foreach (var b in best)
            hits.Add(new TextSearchHit(b.Id, b.Score, cosines[b.Id], letters[b.Id]));
        return hits;
    }

    /// <summary>Lowercase letters and digits, every other character a single space.</summary>
    private static string Normalize(string text)
    {
        var chars = new char[text.Length];
        int n = 0;
        bool space = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            { chars[n++] = char.ToLowerInvariant(c); space = false; }
            else if (!space)
            { chars[n++] = ' '; space = true; }
        }
        if (n > 0 && chars[n - 1] == ' ')
            n--;
        return new string(chars, 0, n);
    }

    /// <summary>The letter trigrams of each word, padded with a space on both sides ("lights" → " li", "lig", ...).</summary>
    private static HashSet<int> Trigrams(string normalized)
    {
        var set = new HashSet<int>();
        foreach (var word in normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var padded = " " + word + " ";
            for (int i = 0; i + 3 <= padded.Length; i++)
                set.Add(HashCode.Combine(padded[i], padded[i + 1], padded[i + 2]));
        }
        return set;
    }
}

/// <summary>A found item: its dense id, the combined score, and the two parts (cosine of meaning, share of letters).</summary>
public readonly record struct TextSearchHit(int Item, float Score, float Meaning, float Letters);
