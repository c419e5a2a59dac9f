using System.Text;

namespace BundleForge.Mining;

/// <summary>Streams itemsets to a text file in the common FIMI/SPMF form <c>3 7 12 #SUP: 45</c>, with the shop's
/// original item ids, so the output never has to fit in memory.</summary>
public sealed class ItemsetFileWriter : IItemsetSink, IDisposable
{
    private readonly StreamWriter _out;
    private readonly string[] _ids;

    /// <summary>Opens <paramref name="path"/> for writing; <paramref name="ids"/> maps dense ids to the shop's ids.</summary>
    public ItemsetFileWriter(string path, string[] ids)
    {
        try
        {
            _out = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new DataException($"Cannot write the itemset file: {e.Message}", path);
        }
        _ids = ids;
    }

    public long Written { get; private set; }

    public void Add(ReadOnlySpan<int> items, int support)
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0)
                _out.Write(' ');
            _out.Write(_ids[items[i]]);
        }
        Span<char> digits = stackalloc char[16];
        support.TryFormat(digits, out int n, provider: System.Globalization.CultureInfo.InvariantCulture);
        _out.Write(" #SUP: ");
        _out.Write(digits[..n]);
        _out.Write('\n');
        Written++;
    }

    public void Dispose() => _out.Dispose();
}
