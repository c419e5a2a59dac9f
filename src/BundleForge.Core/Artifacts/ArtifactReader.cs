using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace BundleForge.Artifacts;

/// <summary>Reads one artifact file (see <see cref="ArtifactCodec"/>). Every count is checked against the bytes left
/// before anything is allocated, and all reads go through one method, so a short file is always "truncated" and a
/// damaged one "corrupted" — a <see cref="DataException"/> naming the file.</summary>
internal sealed class ArtifactReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly long _length;
    private long _position;
    private readonly string _what;

    internal ArtifactReader(string path, ReadOnlySpan<byte> magic, int version, string what)
    {
        Path = path;
        _what = what;
        if (!File.Exists(path))
            throw new DataException($"The {what} file is missing.", path);
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            _length = _stream.Length;
            Span<byte> head = stackalloc byte[magic.Length];
            var got = head[..(int)Math.Min(magic.Length, _length)];
            Fill(got);
            if (!got.SequenceEqual(magic[..got.Length]))
                throw new DataException($"Not a BundleForge {what} file (bad magic).", path);
            if (got.Length < magic.Length)
                throw Truncated();
            int v = ReadInt32();
            if (v != version)
                throw new DataException($"Unsupported {what} file version {v} (this build reads {version}); retrain the model.", path);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The file being read.</summary>
    public string Path { get; }

    /// <summary>Bytes not read yet.</summary>
    public long Remaining => _length - _position;

    public int ReadInt32() => Read<int>();
    public long ReadInt64() => Read<long>();
    public float ReadSingle() => Read<float>();
    public double ReadDouble() => Read<double>();
    public bool ReadBoolean() => Read<byte>() != 0;

    /// <summary>An element count for what follows: not negative, and that many elements of at least
    /// <paramref name="minElementBytes"/> each must fit in the rest of the file.</summary>
    public int ReadCount(int minElementBytes)
    {
        int count = ReadInt32();
        CheckCount(count, minElementBytes);
        return count;
    }

    /// <summary>A string written by <see cref="ArtifactWriter.Write(string)"/>.</summary>
    public string ReadString()
    {
        int bytes = ReadStringLength();
        if (bytes > Remaining)
            throw Truncated();
        if (bytes <= 256)
        {
            Span<byte> small = stackalloc byte[bytes];
            Fill(small);
            return Encoding.UTF8.GetString(small);
        }
        var rented = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            Fill(rented.AsSpan(0, bytes));
            return Encoding.UTF8.GetString(rented, 0, bytes);
        }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    /// <summary>A string written by <see cref="ArtifactWriter.WriteNullable"/>.</summary>
    public string? ReadNullableString() => ReadBoolean() ? ReadString() : null;

    /// <summary><paramref name="count"/> strings written by <see cref="ArtifactWriter.WriteStrings"/>.</summary>
    public string[] ReadStrings(int count)
    {
        CheckCount(count, 1);
        var values = new string[count];
        for (int i = 0; i < count; i++)
            values[i] = ReadString();
        return values;
    }

    /// <summary>Strings written by <see cref="ArtifactWriter.WriteNullableStrings"/>.</summary>
    public string?[] ReadNullableStrings()
    {
        int count = ReadCount(1);
        var values = new string?[count];
        for (int i = 0; i < count; i++)
            values[i] = ReadNullableString();
        return values;
    }

    /// <summary>An array written by <see cref="ArtifactWriter.WriteArray{T}"/>.</summary>
    public T[] ReadArray<T>() where T : unmanaged => ReadFixed<T>(ReadInt32());

    /// <summary><paramref name="count"/> elements written by <see cref="ArtifactWriter.WriteFixed{T}"/>, in one read.</summary>
    public T[] ReadFixed<T>(long count) where T : unmanaged
    {
        CheckCount(count, Unsafe.SizeOf<T>());
        if (count > Array.MaxLength)
            throw Corrupt($"an array of {count} elements");
        var values = GC.AllocateUninitializedArray<T>((int)count);
        Fill(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>Fails unless the whole file has been read.</summary>
    public void ExpectEnd()
    {
        if (Remaining != 0)
            throw Corrupt($"{Remaining} bytes after the end of the data");
    }

    /// <summary>Fails unless <paramref name="offsets"/> are row offsets into <paramref name="total"/> entries
    /// (compressed sparse rows): starting at 0, never decreasing, ending at <paramref name="total"/>.</summary>
    public void ExpectOffsets(ReadOnlySpan<int> offsets, long total, string name)
    {
        bool ok = offsets.Length > 0 && offsets[0] == 0 && offsets[^1] == total;
        for (int i = 1; ok && i < offsets.Length; i++)
            ok = offsets[i - 1] <= offsets[i];
        if (!ok)
            throw Corrupt($"the {name} offsets are not rows of {total} entries");
    }

    /// <summary>Fails unless every id in <paramref name="ids"/> is in [0, <paramref name="count"/>).</summary>
    public void ExpectIds(ReadOnlySpan<int> ids, int count, string name)
    {
        foreach (var id in ids)
            if ((uint)id >= (uint)count)
                throw Corrupt($"{name} {id} is not below {count}");
    }

    /// <summary>"The {what} file is corrupted: {reason}." for this file.</summary>
    public DataException Corrupt(string reason) => new($"The {_what} file is corrupted: {reason}.", Path);

    /// <summary>A format-specific error about this file.</summary>
    public DataException Error(string message) => new(message, Path);

    private DataException Truncated(Exception? inner = null) => new($"The {_what} file is truncated.", Path, inner: inner);

    /// <summary>A count read from the file: not negative, and its elements (at least <paramref name="elementBytes"/>
    /// each) fit in what is left of the file.</summary>
    private void CheckCount(long count, int elementBytes)
    {
        if (count < 0)
            throw Corrupt($"a negative length {count}");
        if (count > Remaining / elementBytes)
            throw Truncated();
    }

    private T Read<T>() where T : unmanaged
    {
        T value = default;
        Fill(MemoryMarshal.AsBytes(new Span<T>(ref value)));
        return value;
    }

    /// <summary>The 7-bit encoded byte count of a string (at most five bytes).</summary>
    private int ReadStringLength()
    {
        uint result = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = Read<byte>();
            if (shift == 28 && b > 0b1111)
                break;
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
                return result <= int.MaxValue ? (int)result : throw Corrupt($"a string of {result} bytes");
        }
        throw Corrupt("a malformed string length");
    }

    /// <summary>Every read of the file goes through here: a short file or a failing read is "truncated".</summary>
    private void Fill(Span<byte> into)
    {
        if (into.Length > Remaining)
            throw Truncated();
        try
        {
            _stream.ReadExactly(into);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            throw Truncated(e);
        }
        _position += into.Length;
    }

    public void Dispose() => _stream.Dispose();
}
