using BundleForge.Data;
using BundleForge.Privacy;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;
using BundleForge.Server.Telemetry;

namespace BundleForge.Server.Api;

/// <summary><c>POST /v1/events</c>: stores events durably, then applies them to the users' live sessions (and
/// offer feedback to the pricer) before answering, so the next request already sees them.</summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", async (HttpRequest request, ModelLease lease, ICustomerEvents customers, IOfferLearning learning, Pseudonymizer pseudonymizer, LimitsOptions limits, ServerMetrics metrics, CancellationToken cancel) =>
        {
            var (body, error) = await JsonRequest.ReadAsync(request, limits.MaxBodyBytes, cancel);
            if (error is not null)
                return error;
            var (events, parseError) = EventRequests.Parse(body, pseudonymizer, limits);
            if (parseError is not null)
                return Problems.BadRequest(parseError);
            var stored = await customers.RecordAsync(events!, cancel);
            var model = lease.Model;
            int unknown = 0, duplicates = 0;
            List<OfferFeedback>? feedback = null;
            for (int x = 0; x < events!.Count; x++)
            {
                var e = events[x];
                if (e.ItemId is not null && model.Catalog.IndexOf(e.ItemId) < 0)
                    unknown++;
                // A retried event was applied when it was first stored: counting it again would skew the learner.
                if (!stored[x])
                { duplicates++; continue; }
                metrics.EventAccepted(e.Type);
                if (EventTypeNames.IsOffer(e.Type) && model.Pricer is not null)
                    (feedback ??= []).Add(new OfferFeedback(e.UserKey, e.OfferId!, Dense(e.Items, model.Catalog), e.Price, OutcomeOf(e.Type), e.UnixSeconds));
            }
            if (feedback is not null)
                await learning.ObserveAsync(model, feedback, cancel);
            return Results.Ok(new EventsAccepted(events.Count, unknown, duplicates));
        })
        .WithName("Events")
        .WithSummary("Stores view, cart, purchase and offer_* events (one, an array, or {\"events\": [...]}, ≤ 1000); durable when answered; an event_id the user already has is acknowledged, not stored again.")
        .Accepts<EventBatchRequest>("application/json")
        .Produces<EventsAccepted>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static int[] Dense(string[]? items, ItemCatalog catalog)
    {
        if (items is null)
            return [];
        var result = new List<int>(items.Length);
        foreach (var id in items)
            if (catalog.IndexOf(id) is >= 0 and var i)
                result.Add(i);
        return result.ToArray();
    }

    private static OfferOutcome OutcomeOf(EventType type) => type switch
    {
        EventType.OfferAccepted => OfferOutcome.Accepted,
        EventType.OfferDeclined => OfferOutcome.Declined,
        _ => OfferOutcome.Shown,
    };
}
