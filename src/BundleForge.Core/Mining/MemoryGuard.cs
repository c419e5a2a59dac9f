using System.Globalization;

namespace BundleForge.Mining;

/// <summary>Counts the working memory of a mining run (trees, tid-lists, collected itemsets and rules) and stops the
/// run with a <see cref="DataException"/> that names a higher support to try, instead of exhausting the machine.</summary>
public sealed class MemoryGuard
{
    private long _used;
    private long _peak;

    public MemoryGuard(long budgetBytes, int minCount, int transactions)
    {
        BudgetBytes = budgetBytes;
        MinCount = minCount;
        Transactions = transactions;
    }

    /// <summary>Half of the memory the runtime may use, at least 256 MB.</summary>
    public static long DefaultBudgetBytes => Math.Max(256L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);

    public long BudgetBytes { get; }
    public int MinCount { get; }
    public int Transactions { get; }
    public long UsedBytes => Interlocked.Read(ref _used);
    /// <summary>The most memory reserved at once.</summary>
    public long PeakBytes => Interlocked.Read(ref _peak);

    /// <summary>Reserves <paramref name="bytes"/> for <paramref name="what"/>, or throws when the budget would be exceeded.</summary>
    public void Reserve(long bytes, string what)
    {
        long now = Interlocked.Add(ref _used, bytes);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        { }
        if (now <= BudgetBytes)
            return;
        Interlocked.Add(ref _used, -bytes);
        var suggest = SupportThreshold.Suggest(MinCount, Transactions).ToString("0.######", CultureInfo.InvariantCulture);
        throw new DataException(
            $"Mining stopped: {what} would take the working memory past the {BudgetBytes >> 20} MB limit at min count {MinCount}. " +
            $"Try a higher support such as --min-support {suggest} (min count {(int)Math.Ceiling(MinCount * 2.0)}), bound itemsets with --max-size, " +
            "or stream itemsets to --itemsets-out without rules.");
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
