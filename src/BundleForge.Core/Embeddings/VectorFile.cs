using BundleForge.Artifacts;

namespace BundleForge.Embeddings;

/// <summary>The binary vector file of a model folder (see <see cref="ArtifactCodec"/>): "BFVEC" magic, format
/// version, rows and dimensions (int32, little-endian), then rows × dimensions float32. Reading checks every header
/// field and the exact length, so a truncated, foreign or mismatched file is a clear <see cref="DataException"/>.</summary>
public static class VectorFile
{
    private static ReadOnlySpan<byte> Magic => "BFVEC\0\0\0"u8;
    public const int Version = 1;

    public static void Write(string path, ReadOnlySpan<float> data, int rows, int dimensions)
    {
        if ((long)rows * dimensions != data.Length)
            throw new ArgumentException("Data length must be rows × dimensions.");
        using var w = ArtifactCodec.Create(path, Magic, Version);
        w.Write(rows);
        w.Write(dimensions);
        w.WriteFixed(data);
    }

    /// <summary>Reads the file; <paramref name="expectedDimensions"/>/<paramref name="expectedRows"/> (when given) must match the header.</summary>
    public static float[] Read(string path, out int rows, out int dimensions, int? expectedDimensions = null, int? expectedRows = null)
    {
        using var r = ArtifactCodec.Open(path, Magic, Version, "vector");
        rows = r.ReadInt32();
        dimensions = r.ReadInt32();
        if (rows < 0 || dimensions < 1)
            throw r.Corrupt($"a header of {rows} rows × {dimensions} dimensions");
        if (expectedDimensions is int d && d != dimensions)
            throw r.Error($"Dimension mismatch: the vector file has {dimensions} dimensions, the model expects {d}.");
        if (expectedRows is int n && n != rows)
            throw r.Error($"Row mismatch: the vector file has {rows} rows, the model expects {n}.");
        var data = r.ReadFixed<float>((long)rows * dimensions);
        r.ExpectEnd();
        return data;
    }
}
