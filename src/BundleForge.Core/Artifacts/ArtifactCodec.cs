using System.Runtime.InteropServices;
using System.Text;

namespace BundleForge.Artifacts;

/// <summary>The little binary format of model artifacts (the baseline's catalog, co-purchases and profiles): a magic,
/// a version and a file kind, then length-prefixed arrays and strings. Readers check every length against the file so
/// a damaged file is an error, not a crash.</summary>
internal static class ArtifactCodec
{
    // "BFBL": the format began as the baseline's own, and the bytes on disk stay as they were so old folders load.
    private const uint Magic = 0x4C424642;
    public const int Version = 1;

    public static BinaryWriter Create(string path, string kind)
    {
        var w = new BinaryWriter(File.Create(path), Encoding.UTF8, leaveOpen: false);
        w.Write(Magic);
        w.Write(Version);
        w.Write(kind);
        return w;
    }

    public static BinaryReader Open(string path, string kind)
    {
        var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8, leaveOpen: false);
        try
        {
            if (r.BaseStream.Length < 9 || r.ReadUInt32() != Magic) throw new DataException("Not a baseline model file.", path);
            int version = r.ReadInt32();
            if (version != Version) throw new DataException($"Unsupported baseline file version {version} (this build reads {Version}).", path);
            var k = r.ReadString();
            if (k != kind) throw new DataException($"Expected a baseline '{kind}' file, found '{k}'.", path);
            return r;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            r.Dispose();
            throw new DataException("The baseline model file is truncated.", path);
        }
        catch { r.Dispose(); throw; }
    }

    public static void WriteArray<T>(BinaryWriter w, ReadOnlySpan<T> values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values));
    }

    public static T[] ReadArray<T>(BinaryReader r) where T : unmanaged
    {
        int n = r.ReadInt32();
        long bytes = (long)n * Marshal.SizeOf<T>();
        if (n < 0 || bytes > r.BaseStream.Length - r.BaseStream.Position) throw new EndOfStreamException();
        var a = new T[n];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }

    public static void WriteStrings(BinaryWriter w, IReadOnlyList<string?> values)
    {
        w.Write(values.Count);
        foreach (var v in values)
        {
            w.Write(v is not null);
            if (v is not null) w.Write(v);
        }
    }

    public static string?[] ReadStrings(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > r.BaseStream.Length - r.BaseStream.Position) throw new EndOfStreamException();
        var a = new string?[n];
        for (int i = 0; i < n; i++) a[i] = r.ReadBoolean() ? r.ReadString() : null;
        return a;
    }
}
