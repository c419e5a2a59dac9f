using BundleForge.Data;

namespace BundleForge.Bundles.Composition;

/// <summary>Which catalog items are variants of one product: items that share a base stock code (the digits of
/// <c>85099B</c> and <c>85099F</c>: one product in two designs) or a title (compared ignoring case and spacing) are one
/// product, transitively. Without quantity bundles the composer never puts two variants of a product in one bundle,
/// nor a variant of the anchor or of a cart item into a bundle: "this lantern with this lantern" is no bundle.</summary>
public sealed class ProductVariants
{
    private readonly int[] _product;

    private ProductVariants(int[] product) => _product = product;

    /// <summary>The product (a dense id; equal ids are variants of one product) of every item.</summary>
    public ReadOnlySpan<int> Products => _product;

    /// <summary>The product of <paramref name="item"/>.</summary>
    public int ProductOf(int item) => _product[item];

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are variants of one product (or the same item).</summary>
    public bool SameProduct(int a, int b) => _product[a] == _product[b];

    /// <summary>Groups the items of <paramref name="catalog"/> into products (one pass with a dictionary per key kind).</summary>
    public static ProductVariants Of(ItemCatalog catalog)
    {
        int n = catalog.Count;
        var parent = new int[n];
        for (int i = 0; i < n; i++)
            parent[i] = i;
        int Find(int i)
        {
            while (parent[i] != i)
                i = parent[i] = parent[parent[i]];
            return i;
        }
        var byCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var byTitle = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            if (BaseCode(catalog.Ids[i]) is { } code)
            {
                if (byCode.TryGetValue(code, out int other))
                    parent[Find(i)] = Find(other);
                else
                    byCode[code] = i;
            }
            if (NormalTitle(catalog.Titles[i]) is { } title)
            {
                if (byTitle.TryGetValue(title, out int other))
                    parent[Find(i)] = Find(other);
                else
                    byTitle[title] = i;
            }
        }
        var product = new int[n];
        for (int i = 0; i < n; i++)
            product[i] = Find(i);
        return new ProductVariants(product);
    }

    /// <summary>The base stock code of a variant code: at least three digits followed by one or two letters
    /// (<c>85123A</c> → <c>85123</c>; a plain <c>85123</c> is its own base); null for other ids (<c>P0042</c>,
    /// <c>POST</c>), which are compared whole through their titles only.</summary>
    public static string? BaseCode(string id)
    {
        var s = id.AsSpan().Trim();
        int digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
            digits++;
        int letters = s.Length - digits;
        if (digits < 3 || letters > 2)
            return null;
        for (int k = digits; k < s.Length; k++)
            if (!char.IsAsciiLetter(s[k]))
                return null;
        return s[..digits].ToString();
    }

    private static string? NormalTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
            return null;
        return string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
    }
}
