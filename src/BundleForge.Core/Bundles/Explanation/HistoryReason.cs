using System.Globalization;

namespace BundleForge.Bundles.Explanation;

/// <summary>The customer bought an item of the bundle before: "you bought X last month (9 times)".
/// <paramref name="DaysAgo"/> is the age of the last purchase in days, -1 when its time is unknown.</summary>
public sealed record HistoryReason(int Item, string Name, int Times, int DaysAgo) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "history";

    /// <inheritdoc/>
    public override bool IsComplete => Filled(Name) && Times > 0;

    /// <inheritdoc/>
    public override string Text
    {
        get
        {
            string when = DaysAgo < 0 ? "before" : DaysAgo <= 1 ? "recently" : DaysAgo < 14 ? $"{DaysAgo} days ago"
                : DaysAgo < 60 ? "last month" : $"{DaysAgo / 30} months ago";
            string times = Times > 1 ? $" ({Times.ToString("N0", CultureInfo.InvariantCulture)} times)" : "";
            return $"you bought {Name} {when}{times}";
        }
    }
}
