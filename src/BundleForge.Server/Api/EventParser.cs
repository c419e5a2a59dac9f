using System.Globalization;
using System.Text.Json;
using BundleForge.Privacy;
using BundleForge.Server.Events;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary>Turns a <c>POST /v1/events</c> body (one event, an array, or <c>{"events": [...]}</c>) into stored events,
/// replacing each user id by its pseudonymous key; the first invalid event fails the whole batch with its index.</summary>
internal static class EventParser
{
    private const int MaxOfferItems = 100;

    public static (List<StoredEvent>? Events, string? Error) Parse(JsonElement root, Pseudonymizer pseudonymizer, LimitsOptions limits)
    {
        JsonElement list;
        bool single = false;
        if (root.ValueKind == JsonValueKind.Array) list = root;
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var inner))
        {
            if (inner.ValueKind != JsonValueKind.Array) return (null, $"events must be an array, not {JsonBody.Kind(inner)}.");
            list = inner;
        }
        else if (root.ValueKind == JsonValueKind.Object) { list = root; single = true; }
        else return (null, $"The body must be an event object, an array of events or {{\"events\": [...]}}, not {JsonBody.Kind(root)}.");

        int n = single ? 1 : list.GetArrayLength();
        if (n == 0) return (null, "The batch is empty.");
        if (n > limits.MaxBatch) return (null, $"The batch has {n} events; at most {limits.MaxBatch} are allowed per request.");
        var result = new List<StoredEvent>(n);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (single)
        {
            var (e, error) = One(root, "", pseudonymizer, limits, now);
            if (error is not null) return (null, error);
            result.Add(e!);
            return (result, null);
        }
        int x = 0;
        foreach (var element in list.EnumerateArray())
        {
            var (e, error) = One(element, $"events[{x}].", pseudonymizer, limits, now);
            if (error is not null) return (null, error);
            result.Add(e!);
            x++;
        }
        return (result, null);
    }

    private static (StoredEvent?, string?) One(JsonElement e, string where, Pseudonymizer pseudonymizer, LimitsOptions limits, long now)
    {
        if (e.ValueKind != JsonValueKind.Object) return (null, $"{where.TrimEnd('.')} must be an event object, not {JsonBody.Kind(e)}.".TrimStart());
        var userId = JsonBody.OptionalString(e, "user_id", where, out var err);
        if (err is not null) return (null, err);
        if (RequestValidation.IdError(userId, where + "user_id", limits.MaxIdLength) is { } idErr) return (null, idErr);
        var typeName = JsonBody.OptionalString(e, "type", where, out err);
        if (err is not null) return (null, err);
        if (typeName is null) return (null, $"{where}type is required: one of {EventTypeNames.Help}.");
        if (!EventTypeNames.TryParse(typeName, out var type)) return (null, $"{where}type must be one of {EventTypeNames.Help}.");
        var itemId = JsonBody.OptionalString(e, "item_id", where, out err);
        if (err is not null) return (null, err);
        var offerId = JsonBody.OptionalString(e, "offer_id", where, out err);
        if (err is not null) return (null, err);
        var items = JsonBody.OptionalStrings(e, "items", where, MaxOfferItems, out err);
        if (err is not null) return (null, err);
        if (EventTypeNames.IsOffer(type))
        {
            if (RequestValidation.IdError(offerId, where + "offer_id", limits.MaxIdLength) is { } oErr) return (null, oErr);
        }
        else if (RequestValidation.IdError(itemId, where + "item_id", limits.MaxIdLength) is { } iErr) return (null, iErr);
        if (itemId is not null && RequestValidation.IdError(itemId, where + "item_id", limits.MaxIdLength) is { } i2Err) return (null, i2Err);
        if (items is not null)
            for (int x = 0; x < items.Length; x++)
                if (RequestValidation.IdError(items[x], $"{where}items[{x}]", limits.MaxIdLength) is { } itErr) return (null, itErr);
        var price = JsonBody.OptionalNumber(e, "price", where, out err);
        if (err is not null) return (null, err);
        if (price < 0) return (null, $"{where}price may not be negative.");
        var quantity = JsonBody.OptionalNumber(e, "quantity", where, out err);
        if (err is not null) return (null, err);
        if (quantity is <= 0 or > 1_000_000) return (null, $"{where}quantity must be above 0 and at most 1000000.");
        long time = now;
        if (e.TryGetProperty("timestamp", out var ts) && ts.ValueKind != JsonValueKind.Null)
        {
            if (ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var secs)) time = secs;
            else if (ts.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto)) time = dto.ToUnixTimeSeconds();
            else return (null, $"{where}timestamp must be Unix seconds or an ISO-8601 date.");
            if (time < 0 || time > now + 86_400) return (null, $"{where}timestamp must not be before 1970 or more than a day in the future.");
        }
        return (new StoredEvent(pseudonymizer.Key(userId!), type, itemId, offerId, items, price, quantity, time), null);
    }
}
