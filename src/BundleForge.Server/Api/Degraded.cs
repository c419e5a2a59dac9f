using BundleForge.Bundles;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary>The <c>degraded</c> field of an answer the request budget cut short.</summary>
internal static class Degraded
{
    /// <summary>The view of <paramref name="degradation"/> under <paramref name="budget"/>, or null when nothing was cut.</summary>
    public static DegradedView? View(Degradation? degradation, RequestBudgetOptions budget) => degradation is null ? null
        : new DegradedView([.. degradation.Reasons], degradation.Detail,
            budget.Milliseconds > 0 ? budget.Milliseconds : null,
            budget.BundleCandidates > 0 ? budget.BundleCandidates : null,
            Math.Round(degradation.ElapsedMilliseconds, 1));
}
