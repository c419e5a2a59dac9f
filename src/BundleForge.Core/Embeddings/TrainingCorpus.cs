using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>The "sentences" item2vec trains on, in vocabulary ids: baskets (every other item is a context) and user
/// histories (a window over the chronological sequence), as compressed sparse rows.</summary>
public sealed class TrainingCorpus
{
    private TrainingCorpus(int[] offsets, int[] tokens, bool[] isBasket, int[] vocabToItem, int[] itemToVocab, long[] counts, long rawTokens)
    {
        Offsets = offsets;
        Tokens = tokens;
        IsBasket = isBasket;
        VocabToItem = vocabToItem;
        ItemToVocab = itemToVocab;
        Counts = counts;
        RawTokens = rawTokens;
    }

    public int[] Offsets { get; }
    /// <summary>Vocabulary ids of every sentence, concatenated (items below min count removed).</summary>
    public int[] Tokens { get; }
    /// <summary>True for a basket (unordered, full context), false for a user history (windowed).</summary>
    public bool[] IsBasket { get; }
    public int[] VocabToItem { get; }
    /// <summary>Vocabulary id per dense item id, -1 when the item is below min count or never seen.</summary>
    public int[] ItemToVocab { get; }
    /// <summary>Occurrences per vocabulary id.</summary>
    public long[] Counts { get; }
    /// <summary>Item occurrences in the training data before min-count filtering (what word2vec tools count as raw words).</summary>
    public long RawTokens { get; }
    public int SentenceCount => Offsets.Length - 1;
    public int VocabularySize => VocabToItem.Length;

    public ReadOnlySpan<int> this[int sentence] => Tokens.AsSpan(Offsets[sentence], Offsets[sentence + 1] - Offsets[sentence]);

    /// <summary>Builds the corpus from purchase baskets and, optionally, per-user chronological histories.</summary>
    public static TrainingCorpus Build(int itemCount, BasketSet? baskets, UserSequences? histories, int minCount)
    {
        var raw = new long[itemCount];
        long rawTokens = 0;
        if (baskets is not null)
            foreach (var i in baskets.Items)
            { CheckItem(i, itemCount); raw[i]++; rawTokens++; }
        if (histories is not null)
            for (int u = 0; u < histories.Count; u++)
            {
                if (histories.LengthOf(u) < 2)
                    continue; // a single item has no context
                foreach (var i in histories[u])
                { CheckItem(i, itemCount); raw[i]++; rawTokens++; }
            }

        var itemToVocab = new int[itemCount];
        var vocab = new List<int>();
        for (int i = 0; i < itemCount; i++)
        {
            if (raw[i] >= minCount && raw[i] > 0)
            { itemToVocab[i] = vocab.Count; vocab.Add(i); }
            else
                itemToVocab[i] = -1;
        }
        var counts = new long[vocab.Count];
        for (int v = 0; v < vocab.Count; v++)
            counts[v] = raw[vocab[v]];

        var offsets = new List<int> { 0 };
        var tokens = new List<int>((int)Math.Min(rawTokens, int.MaxValue));
        var isBasket = new List<bool>();
        void Add(ReadOnlySpan<int> items, bool basket)
        {
            int start = tokens.Count;
            foreach (var i in items)
            { int v = itemToVocab[i]; if (v >= 0) tokens.Add(v); }
            if (tokens.Count - start < 2)
            { tokens.RemoveRange(start, tokens.Count - start); return; }
            offsets.Add(tokens.Count);
            isBasket.Add(basket);
        }
        if (baskets is not null)
            for (int b = 0; b < baskets.Count; b++)
                Add(baskets[b], true);
        if (histories is not null)
            for (int u = 0; u < histories.Count; u++)
                Add(histories[u], false);
        return new TrainingCorpus(offsets.ToArray(), tokens.ToArray(), isBasket.ToArray(), vocab.ToArray(), itemToVocab, counts, rawTokens);
    }

    private static void CheckItem(int item, int itemCount)
    {
        if ((uint)item >= (uint)itemCount)
            throw new DataException($"Item id {item} is outside the catalog of {itemCount} items.");
    }
}
