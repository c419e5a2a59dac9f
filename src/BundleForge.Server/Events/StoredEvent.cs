using System.Data.Common;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Events;

/// <summary>One accepted event as stored: the user's pseudonymous key (never the raw id), the kind, the shop's item
/// id or offer id and items, price, quantity, the event time, and the client's event id when it sent one (each id is
/// stored once per user, so a retried event is not counted twice).</summary>
public sealed record StoredEvent(string UserKey, EventType Type, string? ItemId, string? OfferId, string[]? Items, double? Price, double? Quantity, long UnixSeconds,
    string? EventId = null)
{
    /// <summary>The separator of <see cref="Items"/> in a stored row (a control character no id may hold).</summary>
    public const char ItemSeparator = '\u001f';

    /// <summary>An event from a row of the columns user_key, type, item_id, offer_id, items, price, quantity, time
    /// and event_id, in that order: the one row layout of the single-node store and the cluster's event log.</summary>
    public static StoredEvent FromRow(DbDataReader r) => new(
        r.GetString(0), (EventType)r.GetInt32(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4).Split(ItemSeparator),
        r.IsDBNull(5) ? null : r.GetDouble(5),
        r.IsDBNull(6) ? null : r.GetDouble(6),
        r.GetInt64(7),
        r.IsDBNull(8) ? null : r.GetString(8));
}
