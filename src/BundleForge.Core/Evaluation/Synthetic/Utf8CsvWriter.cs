using System.Text;

namespace BundleForge.Evaluation.Synthetic;

/// <summary>Writes CSV as UTF-8 bytes through one large buffer: numbers and timestamps are formatted in place, text
/// fields are quoted only when they need it.</summary>
public sealed class Utf8CsvWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly byte[] _buffer;
    private int _position;

    public Utf8CsvWriter(string path, int bufferSize = 1 << 20)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);
        _buffer = new byte[Math.Max(bufferSize, 4096)];
    }

    /// <summary>Bytes written so far (flushed or buffered).</summary>
    public long BytesWritten => _stream.Position + _position;

    private Span<byte> Reserve(int bytes)
    {
        if (_position + bytes > _buffer.Length)
            Flush();
        return _buffer.AsSpan(_position);
    }

    /// <summary>Raw bytes (already valid CSV).</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length)
        { Flush(); _stream.Write(bytes); return; }
        bytes.CopyTo(Reserve(bytes.Length));
        _position += bytes.Length;
    }

    /// <summary>One ASCII byte, such as a separator.</summary>
    public void Byte(byte b)
    {
        if (_position == _buffer.Length)
            Flush();
        _buffer[_position++] = b;
    }

    public void Comma() => Byte((byte)',');

    public void EndLine() => Byte((byte)'\n');

    /// <summary>A text field, quoted (with doubled quotes) when it holds a comma, quote or line break.</summary>
    public void Field(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return;
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        { Text(text); return; }
        Byte((byte)'"');
        Text(text.Replace("\"", "\"\""));
        Byte((byte)'"');
    }

    private void Text(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > _buffer.Length)
        { Raw(Encoding.UTF8.GetBytes(text)); return; }
        // Reserve may flush and reset the position, so it must run before the position is read.
        var dest = Reserve(max);
        _position += Encoding.UTF8.GetBytes(text, dest);
    }

    /// <summary>An integer in invariant form.</summary>
    public void Integer(long value)
    {
        value.TryFormat(Reserve(20), out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        _position += written;
    }

    /// <summary>A prefix and a zero-padded integer, such as <c>O0000042</c>.</summary>
    public void PaddedId(byte prefix, long value, int width)
    {
        var dest = Reserve(width + 21);
        dest[0] = prefix;
        value.TryFormat(dest[1..], out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        if (written < width)
        {
            int pad = width - written;
            dest.Slice(1, written).CopyTo(dest[(1 + pad)..]);
            dest.Slice(1, pad).Fill((byte)'0');
            written = width;
        }
        _position += 1 + written;
    }

    /// <summary>A non-negative amount with exactly two decimals (money).</summary>
    public void Money(double value)
    {
        long cents = (long)Math.Round(value * 100, MidpointRounding.AwayFromZero);
        if (cents < 0)
        { Byte((byte)'-'); cents = -cents; }
        Integer(cents / 100);
        var dest = Reserve(3);
        long rest = cents % 100;
        dest[0] = (byte)'.';
        dest[1] = (byte)('0' + rest / 10);
        dest[2] = (byte)('0' + rest % 10);
        _position += 3;
    }

    /// <summary>A number with up to <paramref name="decimals"/> decimals, invariant.</summary>
    public void Number(double value, int decimals = 4)
    {
        Text(Math.Round(value, decimals).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>An ISO-8601 UTC timestamp.</summary>
    public void Timestamp(long unixSeconds)
    {
        IsoTimestamp.Format(unixSeconds, Reserve(IsoTimestamp.Length));
        _position += IsoTimestamp.Length;
    }

    public void Flush()
    {
        if (_position > 0)
            _stream.Write(_buffer, 0, _position);
        _position = 0;
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }
}
