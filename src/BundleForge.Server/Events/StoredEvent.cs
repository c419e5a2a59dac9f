using BundleForge.Server.Serving;

namespace BundleForge.Server.Events;

/// <summary>One accepted event as stored: the user's pseudonymous key (never the raw id), the kind, the shop's item
/// id or offer id and items, price, quantity, the event time, and the client's event id when it sent one (each id is
/// stored once per user, so a retried event is not counted twice).</summary>
public sealed record StoredEvent(string UserKey, EventType Type, string? ItemId, string? OfferId, string[]? Items, double? Price, double? Quantity, long UnixSeconds,
    string? EventId = null);
