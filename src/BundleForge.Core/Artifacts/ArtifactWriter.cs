using System.Runtime.InteropServices;
using System.Text;

namespace BundleForge.Artifacts;

/// <summary>Writes one artifact file (see <see cref="ArtifactCodec"/>) through a 64 KiB buffer; arrays go out as one
/// span write.</summary>
internal sealed class ArtifactWriter : IDisposable
{
    private readonly BinaryWriter _w;

    internal ArtifactWriter(string path, ReadOnlySpan<byte> magic, int version)
    {
        _w = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8, leaveOpen: false);
        _w.Write(magic);
        _w.Write(version);
    }

    public void Write(int value) => _w.Write(value);
    public void Write(long value) => _w.Write(value);
    public void Write(float value) => _w.Write(value);
    public void Write(double value) => _w.Write(value);
    public void Write(bool value) => _w.Write(value);

    /// <summary>UTF-8 with a 7-bit encoded byte count, as <see cref="BinaryWriter.Write(string)"/>.</summary>
    public void Write(string value) => _w.Write(value);

    /// <summary>A presence flag, then the string when there is one.</summary>
    public void WriteNullable(string? value)
    {
        _w.Write(value is not null);
        if (value is not null)
            _w.Write(value);
    }

    /// <summary>The element count, then the elements.</summary>
    public void WriteArray<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        _w.Write(values.Length);
        WriteFixed(values);
    }

    /// <summary>The elements only: the reader knows how many from fields written before.</summary>
    public void WriteFixed<T>(ReadOnlySpan<T> values) where T : unmanaged => _w.Write(MemoryMarshal.AsBytes(values));

    /// <summary>The strings only (no count).</summary>
    public void WriteStrings(IEnumerable<string> values)
    {
        foreach (var v in values)
            _w.Write(v);
    }

    /// <summary>The count, then each string as <see cref="WriteNullable"/>.</summary>
    public void WriteNullableStrings(IReadOnlyList<string?> values)
    {
        _w.Write(values.Count);
        foreach (var v in values)
            WriteNullable(v);
    }

    public void Dispose() => _w.Dispose();
}
