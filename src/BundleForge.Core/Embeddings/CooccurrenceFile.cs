using System.Runtime.InteropServices;
using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Binary file of basket co-occurrence counts: "BFCOOC" magic, version, item count, basket count, pair
/// entries, then item counts, row offsets, neighbours and counts (int32). Only pairs seen at least
/// <c>minCount</c> times are kept, to keep the model small.</summary>
public static class CooccurrenceFile
{
    private static readonly byte[] Magic = "BFCOOC\0\0"u8.ToArray();
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
                if (cs[k] >= minCount) { neighbors.Add(ns[k]); counts.Add(cs[k]); }
            offsets[a + 1] = neighbors.Count;
        }
        using var w = new BinaryWriter(File.Create(path));
        w.Write(Magic);
        w.Write(Version);
        w.Write(c.ItemCount);
        w.Write(c.BasketCount);
        w.Write(neighbors.Count);
        w.Write(MemoryMarshal.AsBytes(c.ItemCounts.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(offsets.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(neighbors)));
        w.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(counts)));
    }

    public static ItemCooccurrence Read(string path, int expectedItems)
    {
        if (!File.Exists(path)) throw new DataException("Co-occurrence file is missing.", path);
        using var stream = File.OpenRead(path);
        using var r = new BinaryReader(stream);
        try
        {
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new DataException("Not a BundleForge co-occurrence file (bad magic).", path);
            int version = r.ReadInt32();
            if (version != Version) throw new DataException($"Unsupported co-occurrence file version {version}.", path);
            int items = r.ReadInt32(), baskets = r.ReadInt32(), entries = r.ReadInt32();
            if (items != expectedItems) throw new DataException($"The co-occurrence file covers {items} items, the model {expectedItems}.", path);
            if (entries < 0 || stream.Length != 8 + 16 + 4L * (items + items + 1 + 2L * entries))
                throw new DataException("Co-occurrence file length does not match its header: truncated or corrupted.", path);
            var itemCounts = ReadInts(stream, items);
            var offsets = ReadInts(stream, items + 1);
            var neighbors = ReadInts(stream, entries);
            var counts = ReadInts(stream, entries);
            if (offsets[0] != 0 || offsets[^1] != entries) throw new DataException("Co-occurrence offsets are corrupted.", path);
            return new ItemCooccurrence(baskets, itemCounts, offsets, neighbors, counts);
        }
        catch (EndOfStreamException) { throw new DataException("Co-occurrence file is truncated.", path); }
    }

    private static int[] ReadInts(Stream s, int n)
    {
        var a = new int[n];
        s.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }
}
