namespace BundleForge.Data;

/// <summary>Category paths as catalogs write them, "Home > Kitchen > Mugs": the one place that knows the separator
/// and how a path splits into levels, so every stage groups items by the same keys.</summary>
public static class CategoryPath
{
    /// <summary>Separates the levels of a path.</summary>
    public const char Separator = '>';

    /// <summary>The first level, trimmed ("" for a missing path).</summary>
    public static string TopLevel(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "";
        int cut = path.IndexOf(Separator);
        return (cut < 0 ? path : path[..cut]).Trim();
    }

    /// <summary>The levels of a path, trimmed, empty levels dropped.</summary>
    public static string[] Levels(string? path) =>
        string.IsNullOrWhiteSpace(path) ? [] : path.Split(Separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The path cut to its first <paramref name="levels"/> levels (0 or fewer: the whole path).</summary>
    public static string Truncate(string path, int levels)
    {
        if (levels <= 0)
            return path;
        int idx = -1;
        for (int k = 0; k < levels; k++)
        {
            idx = path.IndexOf(Separator, idx + 1);
            if (idx < 0)
                return path;
        }
        return path[..idx];
    }

    /// <summary>True when <paramref name="category"/> equals <paramref name="prefix"/> or lies under it.</summary>
    public static bool IsUnder(string category, string prefix) =>
        category.StartsWith(prefix, StringComparison.Ordinal) && (category.Length == prefix.Length || category[prefix.Length] == Separator);

    /// <summary>The last level, trimmed ("" for a missing path).</summary>
    public static string Leaf(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "";
        return path[(path.LastIndexOf(Separator) + 1)..].Trim();
    }
}
