using System.Runtime.InteropServices;
using System.Text;

namespace BundleForge.Embeddings;

/// <summary>The saved graph of an <see cref="HnswIndex"/> (the vectors live in their own file): magic "BFHNSW",
/// format version, then int32 little-endian fields: rows, dimensions, M, efConstruction, efSearch, entry node, top
/// layer; per row its top layer (-1 = not in the graph); per row its layer-0 link count; rows × 2M layer-0 link slots;
/// then for every row with a top layer L ≥ 1, layers 1..L as (count, ids). Reading checks every field against the
/// graph's invariants and the exact file length, so a truncated or corrupted file is a <see cref="DataException"/>,
/// never a crash or a wrong answer.</summary>
public static class HnswFile
{
    private static readonly byte[] Magic = "BFHNSW\0\0"u8.ToArray();
    public const int Version = 1;
    private const int HeaderBytes = 8 + 4 * 8;
    private const int MaxLevel = 16;

    public static void Write(string path, HnswIndex index)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write(Magic);
        w.Write(Version);
        w.Write(index.Count);
        w.Write(index.Dimensions);
        w.Write(index.M);
        w.Write(index.EfConstruction);
        w.Write(index.EfSearch);
        w.Write(index.Entry);
        w.Write(index.MaxLevel);
        w.Write(MemoryMarshal.AsBytes(index.Levels));
        w.Write(MemoryMarshal.AsBytes(index.LinkCounts0));
        w.Write(MemoryMarshal.AsBytes(index.Links0));
        for (int node = 0; node < index.Count; node++)
            for (int l = 1; l <= index.Levels[node]; l++)
            {
                var links = index.UpperLinks(node, l);
                w.Write(links.Length);
                w.Write(MemoryMarshal.AsBytes(links));
            }
    }

    /// <summary>Loads the graph saved for <paramref name="vectors"/> (rows × <paramref name="dimensions"/>, the same
    /// vectors it was built from).</summary>
    public static HnswIndex Read(string path, ReadOnlySpan<float> vectors, int dimensions)
    {
        if (!File.Exists(path)) throw new DataException("HNSW index file is missing.", path);
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, path, vectors, dimensions);
        }
        catch (EndOfStreamException)
        {
            throw new DataException("HNSW index file is truncated.", path);
        }
    }

    private static HnswIndex Read(FileStream stream, string path, ReadOnlySpan<float> vectors, int dimensions)
    {
        DataException Corrupt(string what) => new($"HNSW index file is corrupted: {what}.", path);
        if (stream.Length < HeaderBytes) throw new DataException("HNSW index file is truncated (no header).", path);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new DataException("Not a BundleForge HNSW index file (bad magic).", path);
        int version = r.ReadInt32();
        if (version != Version) throw new DataException($"Unsupported HNSW index file version {version} (this build reads {Version}).", path);
        int count = r.ReadInt32(), dims = r.ReadInt32(), m = r.ReadInt32(), efConstruction = r.ReadInt32(), efSearch = r.ReadInt32();
        int entry = r.ReadInt32(), maxLevel = r.ReadInt32();
        if (dims != dimensions) throw new DataException($"Dimension mismatch: the HNSW index has {dims} dimensions, the vectors {dimensions}.", path);
        if (count != vectors.Length / dimensions) throw new DataException($"Row mismatch: the HNSW index has {count} rows, the vectors {vectors.Length / dimensions}.", path);
        if (m is < 2 or > 1024 || efConstruction < 1 || efSearch < 1) throw Corrupt($"M {m}, efConstruction {efConstruction}, efSearch {efSearch}");
        int m0 = 2 * m;
        long fixedBytes = HeaderBytes + 4L * count * (2 + m0);
        if (stream.Length < fixedBytes) throw new DataException("HNSW index file is truncated.", path);
        var level = ReadInts(stream, count);
        var count0 = ReadInts(stream, count);
        var links0 = ReadInts(stream, (long)count * m0);
        if (maxLevel is < -1 or > MaxLevel || (entry < 0) != (maxLevel < 0) || entry >= count || (entry >= 0 && level[entry] != maxLevel))
            throw Corrupt($"entry node {entry} at layer {maxLevel}");
        var upper = new List<int>[count][];
        for (int node = 0; node < count; node++)
        {
            int top = level[node];
            if (top < -1 || top > maxLevel) throw Corrupt($"row {node} is on layer {top}, above the top layer {maxLevel}");
            if (top < 0 ? count0[node] != 0 : count0[node] is < 0 || count0[node] > m0) throw Corrupt($"row {node} has {count0[node]} layer-0 links");
            for (int i = 0; i < count0[node]; i++) CheckLink(links0[(long)node * m0 + i], 0);
            if (top < 1) continue;
            upper[node] = new List<int>[top];
            for (int l = 1; l <= top; l++)
            {
                int n = r.ReadInt32();
                if (n < 0 || n > m) throw Corrupt($"row {node} has {n} links on layer {l}");
                var list = new List<int>(m);
                foreach (var id in ReadInts(stream, n)) { CheckLink(id, l); list.Add(id); }
                upper[node]![l - 1] = list;
            }
        }
        if (stream.Position != stream.Length) throw Corrupt($"{stream.Length - stream.Position} bytes after the graph");
        return new HnswIndex(vectors, dimensions, m, efConstruction, efSearch, level, links0, count0, upper, entry, maxLevel);

        void CheckLink(int id, int layer)
        {
            if ((uint)id >= (uint)count || level[id] < layer) throw Corrupt($"a layer-{layer} link to row {id}");
        }
    }

    private static int[] ReadInts(Stream stream, long n)
    {
        if (stream.Length - stream.Position < n * 4) throw new EndOfStreamException();
        var values = new int[n];
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
