using System.IO.Compression;
using System.Text;

namespace BundleForge.Ingest.Sources;

/// <summary>Looks at the start of an input file before DuckDB does: rejects missing files, folders, empty files,
/// binary data and invalid UTF-8 with a clear message, and finds the header line and the delimiter.</summary>
public sealed class InputSniffer
{
    private const int SampleBytes = 1 << 20;

    private InputSniffer(string path, string firstLine, char delimiter, bool gzip, bool parquet)
    {
        Path = path;
        FirstLine = firstLine;
        Delimiter = delimiter;
        IsGzip = gzip;
        IsParquet = parquet;
    }

    public string Path { get; }
    public string FirstLine { get; }
    public char Delimiter { get; }
    public bool IsGzip { get; }
    public bool IsParquet { get; }

    /// <summary>Column names of the header (trimmed, quotes removed).</summary>
    public string[] HeaderColumns => FirstLine.Split(Delimiter).Select(c => c.Trim().Trim('"').Trim()).ToArray();

    public static InputSniffer Inspect(string path)
    {
        if (Directory.Exists(path))
            throw new DataException("This is a folder; a data file is expected here.", path);
        if (!File.Exists(path))
            throw new DataException("File not found.", path);
        byte[] head;
        bool gzip, parquet;
        try
        {
            using var raw = File.OpenRead(path);
            var magic = new byte[4];
            int m = raw.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            gzip = m >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            parquet = m == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'A' && magic[2] == (byte)'R' && magic[3] == (byte)'1';
            if (parquet)
                return new InputSniffer(path, "", ',', false, true);
            raw.Position = 0;
            using Stream s = gzip ? new GZipStream(raw, CompressionMode.Decompress) : raw;
            head = new byte[SampleBytes];
            int n = s.ReadAtLeast(head, SampleBytes, throwOnEndOfStream: false);
            Array.Resize(ref head, n);
        }
        catch (InvalidDataException e)
        {
            // .NET's reason ("unsupported compression method") misleads; the full check says what is wrong.
            GzipIntegrity.Verify(path);
            throw new DataException($"The file looks gzip-compressed but cannot be decompressed: {e.Message}", path);
        }
        catch (UnauthorizedAccessException) { throw new DataException("Permission denied reading the file.", path); }
        catch (IOException e) { throw new DataException($"Cannot read the file: {e.Message}", path); }

        // A gzip file that decompressed to less than the sample was read to its end: check it whole now (it is small),
        // so a cut file is reported as truncated rather than as empty or oddly formed.
        if (gzip && head.Length < SampleBytes)
            GzipIntegrity.Verify(path);
        if (head.Length == 0 || head.AsSpan().IndexOfAnyExcept(" \n\r\t"u8) < 0)
            throw new DataException("The file is empty.", path);
        int nul = head.AsSpan().IndexOf((byte)0);
        if (nul >= 0)
            throw new DataException($"The file holds binary data (a NUL byte at offset {nul}); a UTF-8 text file is expected.", path, LineAt(head, nul));
        int bad = FirstInvalidUtf8(head);
        if (bad >= 0)
            throw new DataException($"Invalid UTF-8 at byte {bad}; save the file as UTF-8.", path, LineAt(head, bad));

        var text = head.AsSpan();
        if (text.StartsWith("\uFEFF"u8))
            text = text[3..];
        int eol = text.IndexOfAny((byte)'\n', (byte)'\r');
        if (eol < 0 && head.Length == SampleBytes)
            throw new DataException($"The first line is longer than {SampleBytes / 1024} KiB; this is not a line-based data file.", path, 1);
        var first = Encoding.UTF8.GetString(eol < 0 ? text : text[..eol]);
        return new InputSniffer(path, first, PickDelimiter(first), gzip, false);
    }

    private static char PickDelimiter(string header)
    {
        int comma = header.Count(c => c == ','), semi = header.Count(c => c == ';'), tab = header.Count(c => c == '\t');
        if (tab > comma && tab >= semi)
            return '\t';
        if (semi > comma)
            return ';';
        return ',';
    }

    private static long LineAt(byte[] data, int offset) => data.AsSpan(0, offset).Count((byte)'\n') + 1;

    /// <summary>Offset of the first invalid UTF-8 sequence, ignoring a sequence cut by the end of the sample.</summary>
    private static int FirstInvalidUtf8(byte[] data)
    {
        var span = data.AsSpan();
        int offset = 0;
        while (!span.IsEmpty)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(span, new char[Math.Min(span.Length, 1 << 16)], out int read, out _, replaceInvalidSequences: false, isFinalBlock: false);
            if (status == System.Buffers.OperationStatus.InvalidData)
                return offset + read;
            if (read == 0)
                break;
            offset += read;
            span = span[read..];
        }
        return -1;
    }
}
