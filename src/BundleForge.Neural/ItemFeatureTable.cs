using BundleForge.Embeddings;

namespace BundleForge.Neural;

/// <summary>Side features of every item as a fixed number of slots of feature ids (one slot per category-path level,
/// one for the brand, one for the price band; id 0 = none), so the sequence model can add a learned embedding per
/// feature to each item's own embedding. Items that share a category, brand or price band then share part of their
/// vector, which gives items seen rarely or never in training a meaningful score.</summary>
public sealed class ItemFeatureTable
{
    /// <param name="itemCount">Items (dense ids 0..itemCount-1).</param>
    /// <param name="slotNames">What each slot holds (<c>category1</c>, ..., <c>brand</c>, <c>price_band</c>).</param>
    /// <param name="ids">Feature id per item and slot, row-major [itemCount × slots]; 0 = none.</param>
    /// <param name="vocabulary">One more than the largest feature id.</param>
    public ItemFeatureTable(int itemCount, string[] slotNames, long[] ids, int vocabulary)
    {
        if (slotNames.Length < 1)
            throw new ArgumentException("At least one feature slot is required.", nameof(slotNames));
        if (ids.Length != (long)itemCount * slotNames.Length)
            throw new ArgumentException("One id per item and slot is required.", nameof(ids));
        foreach (var id in ids)
            if (id < 0 || id >= vocabulary)
                throw new ArgumentOutOfRangeException(nameof(ids), $"Feature id {id} is outside 0..{vocabulary - 1}.");
        ItemCount = itemCount;
        SlotNames = slotNames;
        Ids = ids;
        Vocabulary = vocabulary;
    }

    public int ItemCount { get; }
    public int Slots => SlotNames.Length;
    public string[] SlotNames { get; }
    /// <summary>Feature id per item and slot, row-major [ItemCount × Slots]; 0 = none.</summary>
    public long[] Ids { get; }
    /// <summary>Number of feature ids including 0 (none).</summary>
    public int Vocabulary { get; }

    /// <summary>Items with at least one known feature.</summary>
    public int ItemsWithFeatures
    {
        get
        {
            int count = 0;
            for (int i = 0; i < ItemCount; i++)
                if (Ids.AsSpan(i * Slots, Slots).ContainsAnyExcept(0L))
                    count++;
            return count;
        }
    }

    /// <summary>Category levels, brand and price band of <paramref name="encodings"/> (title tokens are left out:
    /// they vary in number per item and mostly repeat what the category says).</summary>
    public static ItemFeatureTable FromEncodings(AttributeEncodings encodings)
    {
        int n = encodings.ItemCount;
        int levels = encodings.CategoryLevels.Count;
        var names = new string[levels + 2];
        for (int l = 0; l < levels; l++)
            names[l] = $"category{l + 1}";
        names[levels] = "brand";
        names[levels + 1] = "price_band";
        int slots = names.Length;
        var ids = new long[(long)n * slots];
        // Each slot gets its own id range after 0, so equal ids in different slots never mean the same feature.
        var offsets = new long[slots];
        long next = 1;
        for (int l = 0; l < levels; l++)
        { offsets[l] = next; next += encodings.CategoryLevels[l].Count; }
        offsets[levels] = next;
        next += encodings.Brands.Count;
        offsets[levels + 1] = next;
        next += encodings.PriceBands;
        for (int i = 0; i < n; i++)
        {
            var row = ids.AsSpan(i * slots, slots);
            var path = encodings.ItemCategory[i];
            for (int l = 0; l < levels; l++)
                if (l < path.Length && path[l] >= 0)
                    row[l] = offsets[l] + path[l];
            if (encodings.ItemBrand[i] >= 0)
                row[levels] = offsets[levels] + encodings.ItemBrand[i];
            if (encodings.ItemPriceBand[i] >= 0)
                row[levels + 1] = offsets[levels + 1] + encodings.ItemPriceBand[i];
        }
        return new ItemFeatureTable(n, names, ids, checked((int)next));
    }
}
