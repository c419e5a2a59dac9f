using System.Text;

namespace BundleForge.Mining;

/// <summary>Streams itemsets to a text file in the common FIMI/SPMF form <c>3 7 12 #SUP: 45</c>, with the shop's
/// original item ids, so the output never has to fit in memory. The lines go to a temporary file beside the target,
/// which <see cref="Commit"/> renames onto it: a run that fails or is stopped leaves an earlier file as it was.</summary>
public sealed class ItemsetFileWriter : IItemsetSink, IDisposable
{
    private readonly StreamWriter _out;
    private readonly string[] _ids;
    private readonly string _path;
    private readonly string _temp;
    private bool _committed;

    /// <summary>Opens a temporary file beside <paramref name="path"/>; <paramref name="ids"/> maps dense ids to the
    /// shop's ids.</summary>
    public ItemsetFileWriter(string path, string[] ids)
    {
        _path = Path.GetFullPath(path);
        _temp = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (Directory.Exists(_path))
                throw new IOException("it is a folder");
            _out = new StreamWriter(new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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

    /// <summary>Closes the file and renames it onto the target path.</summary>
    public void Commit()
    {
        _out.Dispose();
        try
        { File.Move(_temp, _path, overwrite: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot write the itemset file: {e.Message}", _path);
        }
        _committed = true;
    }

    /// <summary>Closes the file; without <see cref="Commit"/>, removes it and leaves the target as it was.</summary>
    public void Dispose()
    {
        _out.Dispose();
        if (!_committed && File.Exists(_temp))
            File.Delete(_temp);
    }
}
