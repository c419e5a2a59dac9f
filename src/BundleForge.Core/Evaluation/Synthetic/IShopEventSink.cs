using BundleForge.Data;

namespace BundleForge.Evaluation.Synthetic;

/// <summary>Receives the simulated behaviour of a synthetic shop, user by user in chronological order: browsing
/// events first, then the order they lead to.</summary>
public interface IShopEventSink
{
    /// <summary>A view or cart event with no order.</summary>
    void Event(int user, int item, long unixSeconds, EventKind kind);

    /// <summary>One order: distinct items with their quantities, bought at list price.</summary>
    void Order(int user, long unixSeconds, ReadOnlySpan<int> items, ReadOnlySpan<int> quantities);
}
