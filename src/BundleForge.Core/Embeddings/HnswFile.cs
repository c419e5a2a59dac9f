using BundleForge.Artifacts;

namespace BundleForge.Embeddings;

/// <summary>The saved graph of an <see cref="HnswIndex"/> (the vectors live in their own file), in the
/// <see cref="ArtifactCodec"/> format: magic "BFHNSW", format version, then int32 little-endian fields: rows,
/// dimensions, M, efConstruction, efSearch, entry node, top layer; per row its top layer (-1 = not in the graph); per
/// row its layer-0 link count; rows × 2M layer-0 link slots; then for every row with a top layer L ≥ 1, layers 1..L as
/// (count, ids). Reading checks every field against the graph's invariants and the exact file length, so a truncated or
/// corrupted file is a <see cref="DataException"/>, never a crash or a wrong answer.</summary>
public static class HnswFile
{
    private static ReadOnlySpan<byte> Magic => "BFHNSW\0\0"u8;
    public const int Version = 1;
    private const int MaxLevel = 16;

    public static void Write(string path, HnswIndex index)
    {
        using var w = ArtifactCodec.Create(path, Magic, Version);
        w.Write(index.Count);
        w.Write(index.Dimensions);
        w.Write(index.M);
        w.Write(index.EfConstruction);
        w.Write(index.EfSearch);
        w.Write(index.Entry);
        w.Write(index.MaxLevel);
        w.WriteFixed(index.Levels);
        w.WriteFixed(index.LinkCounts0);
        w.WriteFixed(index.Links0);
        for (int node = 0; node < index.Count; node++)
            for (int l = 1; l <= index.Levels[node]; l++)
                w.WriteArray(index.UpperLinks(node, l));
    }

    /// <summary>Loads the graph saved for <paramref name="vectors"/> (rows × <paramref name="dimensions"/>, the same
    /// vectors it was built from).</summary>
    public static HnswIndex Read(string path, ReadOnlySpan<float> vectors, int dimensions)
    {
        using var r = ArtifactCodec.Open(path, Magic, Version, "HNSW index");
        int count = r.ReadInt32(), dims = r.ReadInt32(), m = r.ReadInt32(), efConstruction = r.ReadInt32(), efSearch = r.ReadInt32();
        int entry = r.ReadInt32(), maxLevel = r.ReadInt32();
        if (dims != dimensions)
            throw r.Error($"Dimension mismatch: the HNSW index has {dims} dimensions, the vectors {dimensions}.");
        if (count != vectors.Length / dimensions)
            throw r.Error($"Row mismatch: the HNSW index has {count} rows, the vectors {vectors.Length / dimensions}.");
        if (m is < 2 or > 1024 || efConstruction < 1 || efSearch < 1)
            throw r.Corrupt($"M {m}, efConstruction {efConstruction}, efSearch {efSearch}");
        int m0 = 2 * m;
        var level = r.ReadFixed<int>(count);
        var count0 = r.ReadFixed<int>(count);
        var links0 = r.ReadFixed<int>((long)count * m0);
        if (maxLevel is < -1 or > MaxLevel || (entry < 0) != (maxLevel < 0) || entry >= count || (entry >= 0 && level[entry] != maxLevel))
            throw r.Corrupt($"entry node {entry} at layer {maxLevel}");
        var upper = new List<int>[count][];
        for (int node = 0; node < count; node++)
        {
            int top = level[node];
            if (top < -1 || top > maxLevel)
                throw r.Corrupt($"row {node} is on layer {top}, above the top layer {maxLevel}");
            if (top < 0 ? count0[node] != 0 : count0[node] is < 0 || count0[node] > m0)
                throw r.Corrupt($"row {node} has {count0[node]} layer-0 links");
            for (int i = 0; i < count0[node]; i++)
                CheckLink(links0[(long)node * m0 + i], 0);
            if (top < 1)
                continue;
            upper[node] = new List<int>[top];
            for (int l = 1; l <= top; l++)
            {
                var ids = r.ReadArray<int>();
                if (ids.Length > m)
                    throw r.Corrupt($"row {node} has {ids.Length} links on layer {l}");
                var list = new List<int>(m);
                foreach (var id in ids)
                { CheckLink(id, l); list.Add(id); }
                upper[node]![l - 1] = list;
            }
        }
        r.ExpectEnd();
        return new HnswIndex(vectors, dimensions, m, efConstruction, efSearch, level, links0, count0, upper, entry, maxLevel);

        void CheckLink(int id, int layer)
        {
            if ((uint)id >= (uint)count || level[id] < layer)
                throw r.Corrupt($"a layer-{layer} link to row {id}");
        }
    }
}
