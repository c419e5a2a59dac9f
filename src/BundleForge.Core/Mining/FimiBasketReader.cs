using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using BundleForge.Data;

namespace BundleForge.Mining;

/// <summary>Reads a FIMI file (one basket per line, space-separated integer item ids) straight into a
/// <see cref="BasketSet"/> in one pass over the bytes. A FIMI file holds nothing but baskets, so the mining commands
/// skip the general loader's staging and cleaning for it; the result is the same baskets.</summary>
public static class FimiBasketReader
{
    /// <summary>The baskets (empty lines are empty baskets) and the item id of each dense id, in order of first appearance.</summary>
    public static (BasketSet Baskets, string[] ItemIds) Read(string path)
    {
        byte[] bytes;
        try
        {
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                bytes = ms.ToArray();
            }
            else
                bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new DataException(e is FileNotFoundException ? "File not found." : $"Cannot read the file: {e.Message}", path);
        }
        return Parse(bytes, path);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (BasketSet Baskets, string[] ItemIds) Parse(ReadOnlySpan<byte> text, string path)
    {
        // FIMI ids are small integers in practice, so a direct-indexed table maps them to dense ids far faster than a
        // hash map; ids beyond DirectLimit (rare, sparse) fall back to a dictionary.
        var direct = new int[1024];
        Dictionary<int, int>? sparse = null;
        var ids = new int[1024];
        int idCount = 0;
        var offsets = new int[1024];
        int baskets = 0;
        var items = new int[Math.Max(16, text.Length / 3)];
        int itemCount = 0;
        long line = 1;
        // Every line is a basket (an empty line an empty basket); a trailing newline does not start another one.
        for (int lineStart = 0; lineStart < text.Length; line++)
        {
            int nl = text[lineStart..].IndexOf((byte)'\n');
            int end = nl < 0 ? text.Length : lineStart + nl;
            int start = itemCount;
            for (int pos = lineStart; pos < end;)
            {
                byte c = text[pos];
                if (c is (byte)' ' or (byte)'\t' or (byte)'\r')
                { pos++; continue; }
                long value = 0;
                int digits = 0;
                while (pos < end && (uint)(text[pos] - '0') <= 9)
                {
                    value = value * 10 + (text[pos] - '0');
                    if (value > int.MaxValue)
                        throw new DataException("An item id is larger than 2147483647.", path, line);
                    pos++;
                    digits++;
                }
                if (digits == 0 || (pos < end && text[pos] is not ((byte)' ' or (byte)'\t' or (byte)'\r')))
                    throw new DataException($"FIMI lines hold space-separated non-negative integer item ids; found '{(char)text[pos]}'.", path, line);
                int v = (int)value;
                int d;
                if (v < DirectLimit)
                {
                    if (v >= direct.Length)
                        Array.Resize(ref direct, (int)Math.Min(DirectLimit, Math.Max(v + 1L, direct.Length * 2L)));
                    // Entries hold dense id + 1 so that the zero-filled table means "not seen yet".
                    d = direct[v] - 1;
                    if (d < 0)
                    { d = idCount; direct[v] = d + 1; AddId(ref ids, ref idCount, v); }
                }
                else
                {
                    sparse ??= [];
                    if (!sparse.TryGetValue(v, out d))
                    { d = idCount; sparse[v] = d; AddId(ref ids, ref idCount, v); }
                }
                if (itemCount == items.Length)
                    Array.Resize(ref items, items.Length * 2);
                items[itemCount++] = d;
            }
            itemCount = start + SortDistinct(items.AsSpan(start, itemCount - start));
            if (baskets + 1 == offsets.Length)
                Array.Resize(ref offsets, offsets.Length * 2);
            offsets[++baskets] = itemCount;
            lineStart = end + 1;
        }
        var user = new int[baskets];
        Array.Fill(user, -1);
        var time = new long[baskets];
        for (int b = 0; b < baskets; b++)
            time[b] = b;
        var idStrings = new string[idCount];
        for (int i = 0; i < idCount; i++)
            idStrings[i] = ids[i].ToString(CultureInfo.InvariantCulture);
        return (new BasketSet(offsets.AsSpan(0, baskets + 1).ToArray(), items.AsSpan(0, itemCount).ToArray(), user, time), idStrings);
    }

    /// <summary>Item ids below this are mapped through a direct table (at most 16 MB); larger ones through a dictionary.</summary>
    private const int DirectLimit = 1 << 22;

    private static void AddId(ref int[] ids, ref int count, int id)
    {
        if (count == ids.Length)
            Array.Resize(ref ids, ids.Length * 2);
        ids[count++] = id;
    }

    /// <summary>Sorts one basket in place and drops duplicate items; returns the distinct count.</summary>
    private static int SortDistinct(Span<int> span)
    {
        int n = span.Length;
        if (n <= 1)
            return n;
        span.Sort();
        int w = 1;
        for (int r = 1; r < n; r++)
            if (span[r] != span[w - 1])
                span[w++] = span[r];
        return w;
    }
}
