using System.Runtime.InteropServices;
using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Binary file of basket co-occurrence counts (see <see cref="ArtifactCodec"/>): "BFCOOC" magic, version,
/// item count, basket count, pair entries, then item counts, row offsets, neighbours and counts (int32). Only pairs
/// seen at least <c>minCount</c> times are kept, to keep the model small.</summary>
public static class CooccurrenceFile
{
    private static ReadOnlySpan<byte> Magic => "BFCOOC\0\0"u8;
    public const int Version = 1;

    public static void Write(string path, ItemCooccurrence c, int minCount = 2)
    {
        var offsets = new int[c.ItemCount + 1];
        var neighbors = new List<int>();
        var counts = new List<int>();
        for (int a = 0; a < c.ItemCount; a++)
        {
            var ns = c.NeighborsOf(a);
            var cs = c.CountsOf(a);
            for (int k = 0; k < ns.Length; k++)
                if (cs[k] >= minCount)
                { neighbors.Add(ns[k]); counts.Add(cs[k]); }
            offsets[a + 1] = neighbors.Count;
        }
        using var w = ArtifactCodec.Create(path, Magic, Version);
        w.Write(c.ItemCount);
        w.Write(c.BasketCount);
        w.Write(neighbors.Count);
        w.WriteFixed<int>(c.ItemCounts);
        w.WriteFixed<int>(offsets);
        w.WriteFixed<int>(CollectionsMarshal.AsSpan(neighbors));
        w.WriteFixed<int>(CollectionsMarshal.AsSpan(counts));
    }

    public static ItemCooccurrence Read(string path, int expectedItems)
    {
        using var r = ArtifactCodec.Open(path, Magic, Version, "co-occurrence");
        int items = r.ReadInt32(), baskets = r.ReadInt32(), entries = r.ReadInt32();
        if (items != expectedItems)
            throw r.Error($"The co-occurrence file covers {items} items, the model {expectedItems}.");
        var itemCounts = r.ReadFixed<int>(items);
        var offsets = r.ReadFixed<int>(items + 1L);
        var neighbors = r.ReadFixed<int>(entries);
        var counts = r.ReadFixed<int>(entries);
        r.ExpectEnd();
        r.ExpectOffsets(offsets, entries, "pair");
        r.ExpectIds(neighbors, items, "neighbour item");
        return new ItemCooccurrence(baskets, itemCounts, offsets, neighbors, counts);
    }
}
