using BundleForge.Server.Events;
using BundleForge.Server.Serving;

namespace BundleForge.Cluster.Grains;

/// <summary>A <see cref="StoredEvent"/> on its way to a customer grain (the grain's key is the user's pseudonymous key).</summary>
[GenerateSerializer, Immutable]
public sealed class CustomerEvent
{
    [Id(0)] public int Type { get; init; }
    [Id(1)] public string? ItemId { get; init; }
    [Id(2)] public string? OfferId { get; init; }
    [Id(3)] public string[]? Items { get; init; }
    [Id(4)] public double? Price { get; init; }
    [Id(5)] public double? Quantity { get; init; }
    [Id(6)] public long UnixSeconds { get; init; }
    [Id(7)] public string? EventId { get; init; }

    /// <summary>The wire form of <paramref name="e"/>.</summary>
    public static CustomerEvent From(StoredEvent e) => new()
    {
        Type = (int)e.Type,
        ItemId = e.ItemId,
        OfferId = e.OfferId,
        Items = e.Items,
        Price = e.Price,
        Quantity = e.Quantity,
        UnixSeconds = e.UnixSeconds,
        EventId = e.EventId,
    };

    /// <summary>The event as the stores keep it, for <paramref name="userKey"/>.</summary>
    public StoredEvent ToStored(string userKey) => new(userKey, (EventType)Type, ItemId, OfferId, Items, Price, Quantity, UnixSeconds, EventId);
}
