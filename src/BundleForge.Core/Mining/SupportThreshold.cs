namespace BundleForge.Mining;

/// <summary>Turns <c>--min-support</c> (a fraction of the baskets) or <c>--min-count</c> into the absolute
/// minimum support count, rejecting impossible values as user mistakes.</summary>
public static class SupportThreshold
{
    /// <summary>The minimum count: <c>ceil(minSupport × transactions)</c>, or <paramref name="minCount"/>.</summary>
    public static int Resolve(double? minSupport, int? minCount, int transactions)
    {
        Validate(minSupport, minCount);
        if (transactions <= 0)
            throw new DataException("The input has no baskets: there is nothing to mine.");
        if (minCount is { } c)
            return c;
        var exact = (decimal)minSupport!.Value * transactions;
        // Decimal so that 0.001 × 88162 is exactly 88.162 and rounds up to 89, not to a float artefact.
        return Math.Max(1, (int)Math.Ceiling(exact));
    }

    /// <summary>Checks the arguments before any data is read, so a typo fails fast.</summary>
    public static void Validate(double? minSupport, int? minCount)
    {
        if (minSupport is not null && minCount is not null)
            throw new DataException("Give either --min-support or --min-count, not both.", field: "min-support");
        if (minCount is { } c)
        {
            if (c < 1)
                throw new DataException($"--min-count must be at least 1 (got {c}).", field: "min-count");
            return;
        }
        if (minSupport is not { } s)
            throw new DataException("Give --min-support (a fraction such as 0.01) or --min-count.", field: "min-support");
        if (double.IsNaN(s) || s <= 0 || s > 1)
            throw new DataException($"--min-support must be a fraction in (0, 1] (got {s}); use --min-count for an absolute count.", field: "min-support");
    }

    /// <summary>A support fraction giving roughly <paramref name="factor"/> times the count (for "try instead" hints).</summary>
    public static double Suggest(int minCount, int transactions, double factor = 2)
    {
        double s = Math.Min(1.0, Math.Ceiling(minCount * factor) / Math.Max(1, transactions));
        // Two significant digits, rounded up so the hint really is at least the factor higher.
        double scale = Math.Pow(10, Math.Floor(Math.Log10(s)) - 1);
        return Math.Min(1.0, Math.Ceiling(s / scale) * scale);
    }
}
