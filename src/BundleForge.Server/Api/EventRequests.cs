using System.Globalization;
using System.Text.Json;
using BundleForge.Privacy;
using BundleForge.Server.Events;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary>Turns a <c>POST /v1/events</c> body (one event, an array, or <c>{"events": [...]}</c>) into stored events,
/// replacing each user id by its pseudonymous key; the first invalid event fails the whole batch with its index.</summary>
internal static class EventRequests
{
    private const int MaxOfferItems = 100;

    public static (List<StoredEvent>? Events, string? Error) Parse(JsonRequest.Body body, Pseudonymizer pseudonymizer, LimitsOptions limits)
    {
        List<EventRequest?>? list;
        bool single = false;
        EventRequest? one = null;
        switch (body.Root)
        {
            case JsonTokenType.StartArray:
                {
                    var (events, error) = JsonRequest.Deserialize(body, ApiJsonContext.Default.ListEventRequest, "events");
                    if (error is not null)
                        return (null, error);
                    list = events;
                    break;
                }
            case JsonTokenType.StartObject:
                {
                    // {"events": [...]} or a single event: the batch shape reads only "events", so a single event is
                    // read a second time as itself (single events are small).
                    var (batch, error) = JsonRequest.Deserialize(body, ApiJsonContext.Default.EventBatchRequest);
                    if (error is not null)
                        return (null, error);
                    list = batch?.Events;
                    if (list is null && HasEventsField(body))
                        return (null, "events must be an array of events, not null.");
                    if (list is null)
                    {
                        (one, error) = JsonRequest.Deserialize(body, ApiJsonContext.Default.EventRequest);
                        if (error is not null)
                            return (null, error);
                        single = true;
                    }
                    break;
                }
            default:
                return (null, $"The body must be an event object, an array of events or {{\"events\": [...]}}, not {JsonRequest.Kind(body.Root)}.");
        }

        int n = single ? 1 : list!.Count;
        if (n == 0)
            return (null, "The batch is empty.");
        if (n > limits.MaxBatch)
            return (null, $"The batch has {n} events; at most {limits.MaxBatch} are allowed per request.");
        var result = new List<StoredEvent>(n);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (single)
        {
            var (e, error) = One(one!, "", pseudonymizer, limits, now);
            if (error is not null)
                return (null, error);
            result.Add(e!);
            return (result, null);
        }
        for (int x = 0; x < list!.Count; x++)
        {
            if (list[x] is not { } request)
                return (null, $"events[{x}] must be an event object, not null.");
            var (e, error) = One(request, $"events[{x}].", pseudonymizer, limits, now);
            if (error is not null)
                return (null, error);
            result.Add(e!);
        }
        return (result, null);
    }

    /// <summary>True when the root object names <c>events</c> (a batch whose list is null, not a single event).</summary>
    private static bool HasEventsField(JsonRequest.Body body)
    {
        var reader = new Utf8JsonReader(body.Json.Span, new JsonReaderOptions { MaxDepth = JsonRequest.MaxDepth });
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("events"u8))
                return true;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
                reader.Skip();
        }
        return false;
    }

    /// <summary>Validates one event; <paramref name="where"/> prefixes field names ("events[3].").</summary>
    private static (StoredEvent?, string?) One(EventRequest e, string where, Pseudonymizer pseudonymizer, LimitsOptions limits, long now)
    {
        if (RequestValidation.IdError(e.UserId, where + "user_id", limits.MaxIdLength) is { } idErr)
            return (null, idErr);
        if (e.EventId is "")
            return (null, $"{where}event_id may be left out, but not empty.");
        if (e.EventId is not null && RequestValidation.IdError(e.EventId, where + "event_id", limits.MaxIdLength) is { } eventIdErr)
            return (null, eventIdErr);
        if (e.Type is null)
            return (null, $"{where}type is required: one of {EventTypeNames.Help}.");
        if (!EventTypeNames.TryParse(e.Type, out var type))
            return (null, $"{where}type must be one of {EventTypeNames.Help}.");
        if (e.Items is { Length: > MaxOfferItems })
            return (null, $"{where}items has {e.Items.Length} entries; at most {MaxOfferItems} are allowed.");
        if (EventTypeNames.IsOffer(type))
        {
            if (RequestValidation.IdError(e.OfferId, where + "offer_id", limits.MaxIdLength) is { } oErr)
                return (null, oErr);
        }
        else if (RequestValidation.IdError(e.ItemId, where + "item_id", limits.MaxIdLength) is { } iErr)
            return (null, iErr);
        if (e.ItemId is "")
            return (null, $"{where}item_id may be left out, but not empty.");
        if (e.ItemId is not null && RequestValidation.IdError(e.ItemId, where + "item_id", limits.MaxIdLength) is { } i2Err)
            return (null, i2Err);
        string[]? items = null;
        if (e.Items is not null)
        {
            items = new string[e.Items.Length];
            for (int x = 0; x < items.Length; x++)
            {
                if (RequestValidation.IdError(e.Items[x], $"{where}items[{x}]", limits.MaxIdLength) is { } itErr)
                    return (null, itErr);
                items[x] = e.Items[x]!;
            }
        }
        // A literal beyond double's range (1e400) arrives as an infinity: it is out of range, not "negative".
        if (e.Price is { } huge && !double.IsFinite(huge))
            return (null, $"{where}price is out of range: it must be a finite number (at most about 1.8e308).");
        if (e.Price is < 0)
            return (null, $"{where}price may not be negative.");
        if (e.Quantity is <= 0 or > 1_000_000)
            return (null, $"{where}quantity must be above 0 and at most 1000000.");
        long time = now;
        if (e.Timestamp is { ValueKind: not JsonValueKind.Null } ts)
        {
            if (ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var secs))
                time = secs;
            else if (ts.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
                time = dto.ToUnixTimeSeconds();
            else
                return (null, $"{where}timestamp must be Unix seconds or an ISO-8601 date.");
            if (time < 0 || time > now + 86_400)
                return (null, $"{where}timestamp must not be before 1970 or more than a day in the future.");
        }
        return (new StoredEvent(pseudonymizer.Key(e.UserId!), type, e.ItemId, e.OfferId, items, e.Price, e.Quantity, time, e.EventId), null);
    }
}
