using BundleForge.Data;

namespace BundleForge.Splits;

/// <summary>Splits baskets by time: the last <c>testDays</c> are test, the <c>validDays</c> before are validation,
/// everything earlier is training. Deterministic: it depends on the data only.</summary>
public sealed class TimeSplit
{
    private TimeSplit(BasketSet train, BasketSet valid, BasketSet test, long validStart, long testStart)
    {
        Train = train;
        Valid = valid;
        Test = test;
        ValidStart = validStart;
        TestStart = testStart;
    }

    public BasketSet Train { get; }
    public BasketSet Valid { get; }
    public BasketSet Test { get; }
    /// <summary>Unix seconds where validation starts.</summary>
    public long ValidStart { get; }
    /// <summary>Unix seconds where test starts.</summary>
    public long TestStart { get; }

    public static TimeSplit Create(BasketSet baskets, int testDays = 30, int validDays = 30)
    {
        if (testDays < 0 || validDays < 0)
            throw new DataException("--test-days and --valid-days must not be negative.");
        if (baskets.Count == 0)
            throw new DataException("The dataset has no baskets to split.");
        long max = baskets.Time.Max();
        long testStart = max - testDays * 86_400L + 1;
        long validStart = testStart - validDays * 86_400L;
        return new TimeSplit(
            baskets.Where(b => baskets.Time[b] < validStart),
            baskets.Where(b => baskets.Time[b] >= validStart && baskets.Time[b] < testStart),
            baskets.Where(b => baskets.Time[b] >= testStart),
            validStart, testStart);
    }
}
