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
            else bytes = File.ReadAllBytes(path);
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
        var dense = new Dictionary<int, int>();
        var ids = new List<int>();
        var offsets = new List<int> { 0 };
        var items = new List<int>(text.Length / 3);
        long line = 1;
        // Every line is a basket (an empty line an empty basket); a trailing newline does not start another one.
        for (int lineStart = 0; lineStart < text.Length; line++)
        {
            int nl = text[lineStart..].IndexOf((byte)'\n');
            int end = nl < 0 ? text.Length : lineStart + nl;
            int start = items.Count;
            for (int pos = lineStart; pos < end;)
            {
                byte c = text[pos];
                if (c is (byte)' ' or (byte)'\t' or (byte)'\r') { pos++; continue; }
                long value = 0;
                int digits = 0;
                while (pos < end && text[pos] >= (byte)'0' && text[pos] <= (byte)'9')
                {
                    value = value * 10 + (text[pos] - '0');
                    if (value > int.MaxValue) throw new DataException("An item id is larger than 2147483647.", path, line);
                    pos++;
                    digits++;
                }
                if (digits == 0 || (pos < end && text[pos] is not ((byte)' ' or (byte)'\t' or (byte)'\r')))
                    throw new DataException($"FIMI lines hold space-separated non-negative integer item ids; found '{(char)text[pos]}'.", path, line);
                int v = (int)value;
                if (!dense.TryGetValue(v, out int d))
                {
                    d = ids.Count;
                    dense[v] = d;
                    ids.Add(v);
                }
                items.Add(d);
            }
            items.SortDistinctTail(start);
            offsets.Add(items.Count);
            lineStart = end + 1;
        }
        int baskets = offsets.Count - 1;
        var user = new int[baskets];
        Array.Fill(user, -1);
        var time = new long[baskets];
        for (int b = 0; b < baskets; b++) time[b] = b;
        var idStrings = new string[ids.Count];
        for (int i = 0; i < ids.Count; i++) idStrings[i] = ids[i].ToString(CultureInfo.InvariantCulture);
        return (new BasketSet(offsets.ToArray(), items.ToArray(), user, time), idStrings);
    }

    /// <summary>Sorts the current basket (the tail from <paramref name="start"/>) and drops duplicate items.</summary>
    private static void SortDistinctTail(this List<int> items, int start)
    {
        int n = items.Count - start;
        if (n <= 1) return;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items).Slice(start, n);
        span.Sort();
        int w = 1;
        for (int r = 1; r < n; r++) if (span[r] != span[w - 1]) span[w++] = span[r];
        items.RemoveRange(start + w, n - w);
    }
}
