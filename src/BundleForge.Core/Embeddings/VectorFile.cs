using System.Runtime.InteropServices;
using System.Text;

namespace BundleForge.Embeddings;

/// <summary>The binary vector file of a model folder: "BFVEC" magic, format version, rows and dimensions (int32,
/// little-endian), then rows × dimensions float32. Reading checks every header field and the exact length, so a
/// truncated, foreign or mismatched file is a clear <see cref="DataException"/>.</summary>
public static class VectorFile
{
    private static readonly byte[] Magic = "BFVEC\0\0\0"u8.ToArray();
    public const int Version = 1;
    private const int HeaderBytes = 8 + 4 + 4 + 4;

    public static void Write(string path, ReadOnlySpan<float> data, int rows, int dimensions)
    {
        if ((long)rows * dimensions != data.Length) throw new ArgumentException("Data length must be rows × dimensions.");
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write(Magic);
        w.Write(Version);
        w.Write(rows);
        w.Write(dimensions);
        w.Write(MemoryMarshal.AsBytes(data));
    }

    /// <summary>Reads the file; <paramref name="expectedDimensions"/>/<paramref name="expectedRows"/> (when given) must match the header.</summary>
    public static float[] Read(string path, out int rows, out int dimensions, int? expectedDimensions = null, int? expectedRows = null)
    {
        if (!File.Exists(path)) throw new DataException("Vector file is missing.", path);
        using var stream = File.OpenRead(path);
        if (stream.Length < HeaderBytes) throw new DataException("Vector file is truncated (no header).", path);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new DataException("Not a BundleForge vector file (bad magic).", path);
        int version = r.ReadInt32();
        if (version != Version) throw new DataException($"Unsupported vector file version {version} (this build reads {Version}).", path);
        rows = r.ReadInt32();
        dimensions = r.ReadInt32();
        if (rows < 0 || dimensions < 1) throw new DataException($"Vector file header is corrupted ({rows} rows × {dimensions} dimensions).", path);
        if (expectedDimensions is int d && d != dimensions)
            throw new DataException($"Dimension mismatch: the vector file has {dimensions} dimensions, the model expects {d}.", path);
        if (expectedRows is int n && n != rows)
            throw new DataException($"Row mismatch: the vector file has {rows} rows, the model expects {n}.", path);
        long bytes = (long)rows * dimensions * sizeof(float);
        if (stream.Length != HeaderBytes + bytes)
            throw new DataException($"Vector file length {stream.Length} does not match its header ({rows} × {dimensions} floats): truncated or corrupted.", path);
        var data = new float[(long)rows * dimensions];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return data;
    }
}
