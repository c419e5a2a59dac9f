using BundleForge.Data;

namespace BundleForge.Bundles;

/// <summary>Estimates a user's price sensitivity from their purchases: someone who usually picks items cheaper than
/// the median of the item's category reacts more to price. Sensitivity = exp(−mean log(price / category median)),
/// shrunk towards 1 for short histories and clamped to [0.5, 2].</summary>
public sealed class UserPriceProfile
{
    private readonly float[] _relativeLogPrice;

    private UserPriceProfile(float[] relativeLogPrice) => _relativeLogPrice = relativeLogPrice;

    /// <summary>Precomputes each item's log price relative to its category's median.</summary>
    public static UserPriceProfile Build(ItemCatalog catalog)
    {
        var byCategory = new Dictionary<string, List<float>>(StringComparer.Ordinal);
        for (int i = 0; i < catalog.Count; i++)
        {
            if (!(catalog.Price[i] > 0))
                continue;
            var key = catalog.Categories[i] ?? "";
            if (!byCategory.TryGetValue(key, out var list))
                byCategory[key] = list = [];
            list.Add(catalog.Price[i]);
        }
        var median = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (k, list) in byCategory)
        {
            list.Sort();
            median[k] = list[list.Count / 2];
        }
        var rel = new float[catalog.Count];
        for (int i = 0; i < catalog.Count; i++)
            rel[i] = catalog.Price[i] > 0 && median.TryGetValue(catalog.Categories[i] ?? "", out var m) && m > 0
                ? MathF.Log(catalog.Price[i] / m) : float.NaN;
        return new UserPriceProfile(rel);
    }

    /// <summary>The price sensitivity of a user who bought <paramref name="history"/>.</summary>
    public float SensitivityOf(ReadOnlySpan<int> history)
    {
        double sum = 0;
        int n = 0;
        foreach (int i in history)
        {
            float r = _relativeLogPrice[i];
            if (float.IsNaN(r))
                continue;
            sum += r;
            n++;
        }
        if (n == 0)
            return 1f;
        double mean = sum / (n + 3); // shrink towards "average" for short histories
        return (float)Math.Clamp(Math.Exp(-2 * mean), 0.5, 2.0);
    }

    /// <summary>The pricing segment of a sensitivity: budget, standard or premium.</summary>
    public static string SegmentOf(float sensitivity) => sensitivity > 1.2f ? "budget" : sensitivity < 0.83f ? "premium" : "standard";
}
