using BundleForge.Recommendation;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>Hand-written order histories for the next-basket tests: one order a day, the first on day 1.</summary>
internal static class DailyOrderHistory
{
    public const long Day = 86_400;

    /// <summary>A customer's history of the given orders, order o placed at (o + 1) days.</summary>
    public static OrderHistory Of(params int[][] orders)
    {
        var offsets = new int[orders.Length + 1];
        var items = new List<int>();
        var times = new long[orders.Length];
        for (int o = 0; o < orders.Length; o++)
        {
            items.AddRange(orders[o]);
            offsets[o + 1] = items.Count;
            times[o] = (o + 1) * Day;
        }
        return new OrderHistory(offsets, [.. items], times);
    }
}
