using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Recommendation;

/// <summary>The words that describe each item, for the next-basket ranker's closeness of a new item to what a customer
/// bought: its title words (those of <see cref="AttributeEncodings"/>, words in at least two titles), and its leaf
/// category and its brand as one word each, every word weighed by its inverse document frequency. Stored in the model
/// so serving reads the words the ranker was fitted with; a catalog without titles, categories or brands has none.</summary>
public sealed class ItemWords
{
    /// <summary>Words over the given rows: item i holds <c>Words[Offsets[i]..Offsets[i + 1]]</c>, ascending and distinct.</summary>
    public ItemWords(int[] offsets, int[] words, float[] idf)
    {
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] != words.Length)
            throw new ArgumentException("One offset per item plus one, from 0 to the word count.", nameof(offsets));
        Offsets = offsets;
        Words = words;
        Idf = idf;
        (ItemOffsets, ItemsOfWord, Norm) = Index(offsets, words, idf);
    }

    /// <summary>Row offsets, one more than <see cref="ItemCount"/>.</summary>
    public int[] Offsets { get; }
    /// <summary>Each item's word ids, ascending.</summary>
    public int[] Words { get; }
    /// <summary>log(items ÷ items holding the word), per word id.</summary>
    public float[] Idf { get; }
    /// <summary>Items.</summary>
    public int ItemCount => Offsets.Length - 1;

    /// <summary>Inverted index, derived (not stored): word t is held by <c>ItemsOfWord[ItemOffsets[t]..ItemOffsets[t + 1]]</c>, ascending.</summary>
    public int[] ItemOffsets { get; }
    /// <summary>The items of each word, concatenated (see <see cref="ItemOffsets"/>).</summary>
    public int[] ItemsOfWord { get; }
    /// <summary>Per item, √(Σ idf²) of its words: the length of its IDF vector, the cosine's denominator.</summary>
    public float[] Norm { get; }

    /// <summary>The items holding word <paramref name="word"/>, ascending.</summary>
    public ReadOnlySpan<int> ItemsOf(int word) => ItemsOfWord.AsSpan(ItemOffsets[word], ItemOffsets[word + 1] - ItemOffsets[word]);

    /// <summary>The word ids of <paramref name="item"/> (empty for an item beyond the catalog).</summary>
    public ReadOnlySpan<int> Of(int item) =>
        (uint)item < (uint)ItemCount ? Words.AsSpan(Offsets[item], Offsets[item + 1] - Offsets[item]) : [];

    /// <summary>Items with no words at all.</summary>
    public static ItemWords None(int itemCount) => new(new int[itemCount + 1], [], []);

    /// <summary>The words of <paramref name="catalog"/>: every title word in two or more titles (and in at most half of
    /// them), every leaf category and brand held by two or more items.</summary>
    public static ItemWords Build(ItemCatalog catalog)
    {
        int n = catalog.Count;
        // No cap on the vocabulary: the rarest shared words (two titles) are the ones that name a product line.
        var encodings = AttributeEncodings.Build(catalog, maxTokens: int.MaxValue);
        int tokens = encodings.Tokens.Count;
        int leaves = 0;
        foreach (var level in encodings.CategoryLevels)
            leaves += level.Count;
        var leafOf = new int[n];
        var leafCount = new int[leaves];
        var brandCount = new int[encodings.Brands.Count];
        for (int i = 0; i < n; i++)
        {
            leafOf[i] = encodings.LeafOf(i);
            if (leafOf[i] >= 0)
                leafCount[leafOf[i]]++;
            if (encodings.ItemBrand[i] >= 0)
                brandCount[encodings.ItemBrand[i]]++;
        }
        var idf = new float[tokens + leaves + brandCount.Length];
        for (int t = 0; t < tokens; t++)
            idf[t] = encodings.TokenIdf[t];
        for (int l = 0; l < leaves; l++)
            idf[tokens + l] = leafCount[l] > 0 ? (float)Math.Log((double)n / leafCount[l]) : 0;
        for (int b = 0; b < brandCount.Length; b++)
            idf[tokens + leaves + b] = brandCount[b] > 0 ? (float)Math.Log((double)n / brandCount[b]) : 0;
        var offsets = new int[n + 1];
        var words = new List<int>();
        for (int i = 0; i < n; i++)
        {
            words.AddRange(encodings.ItemTokens[i]);   // ascending, below every leaf and brand id
            // A leaf or brand every item shares (idf 0) or no other item has says nothing about closeness.
            if (leafOf[i] >= 0 && leafCount[leafOf[i]] >= 2 && idf[tokens + leafOf[i]] > 0)
                words.Add(tokens + leafOf[i]);
            int brand = encodings.ItemBrand[i];
            if (brand >= 0 && brandCount[brand] >= 2 && idf[tokens + leaves + brand] > 0)
                words.Add(tokens + leaves + brand);
            offsets[i + 1] = words.Count;
        }
        return new ItemWords(offsets, words.ToArray(), idf);
    }

    /// <summary>The items of each word (counting sort: items come out ascending) and each item's IDF norm.</summary>
    private static (int[] Offsets, int[] Items, float[] Norm) Index(int[] offsets, int[] words, float[] idf)
    {
        var start = new int[idf.Length + 1];
        foreach (var t in words)
            start[t + 1]++;
        for (int t = 0; t < idf.Length; t++)
            start[t + 1] += start[t];
        var items = new int[words.Length];
        var next = (int[])start.Clone();
        var norm = new float[offsets.Length - 1];
        for (int i = 0; i < norm.Length; i++)
        {
            double sq = 0;
            for (int at = offsets[i]; at < offsets[i + 1]; at++)
            {
                int t = words[at];
                items[next[t]++] = i;
                sq += (double)idf[t] * idf[t];
            }
            norm[i] = (float)Math.Sqrt(sq);
        }
        return (start, items, norm);
    }

    internal void Write(ArtifactWriter w)
    {
        w.WriteArray<int>(Offsets);
        w.WriteArray<int>(Words);
        w.WriteArray<float>(Idf);
    }

    internal static ItemWords Read(ArtifactReader r, int itemCount)
    {
        var offsets = r.ReadArray<int>();
        var words = r.ReadArray<int>();
        var idf = r.ReadArray<float>();
        if (offsets.Length != itemCount + 1)
            throw r.Corrupt($"item words for {offsets.Length - 1} items, not {itemCount}");
        r.ExpectOffsets(offsets, words.Length, "item word");
        r.ExpectIds(words, idf.Length, "item word");
        foreach (var x in idf)
            if (!(x >= 0) || !float.IsFinite(x))
                throw r.Corrupt("a word weight that is not a finite, non-negative number");
        return new ItemWords(offsets, words, idf);
    }
}
