using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace BundleForge.Server.Api;

// The JSON contracts of the API (snake_case on the wire), read and written through ApiJsonContext. Request fields are
// nullable because a client may leave any of them out: the endpoints validate the records and answer 400 naming the
// field; [Required] marks what the OpenAPI document should show as required.

/// <summary>GET /v1/users/{userId}/recommendations. <c>source</c> names the recommender that answered (<c>sasrec</c>,
/// <c>item2vec</c>, <c>baseline</c>) or <c>popularity</c>.</summary>
public sealed record RecommendationsResponse(string ModelVersion, bool Personalised, string? Fallback, string Source, List<ItemView> Items,
    DegradedView? Degraded = null);

/// <summary>Present (else absent) when the per-request budget (<c>RequestBudget</c> settings) cut the work of an answer,
/// which is then smaller than it would have been: <c>reasons</c> holds <c>time</c> and/or <c>candidates</c>,
/// <c>detail</c> says in one sentence what was left out, <c>budget_ms</c> and <c>candidate_budget</c> are the budget
/// (absent when off), <c>elapsed_ms</c> the time the request had spent when it answered.</summary>
public sealed record DegradedView(string[] Reasons, string Detail, int? BudgetMs, int? CandidateBudget, double ElapsedMs);

/// <summary>GET /v1/items/search. <c>method</c> is <c>meaning</c> (text vectors and letters) or <c>letters</c> (a model
/// without text vectors).</summary>
public sealed record ItemSearchResponse(string ModelVersion, string Query, string Method, List<FoundItemView> Items);

/// <summary>A found item: higher scores are better matches (scores of the two methods differ in scale).</summary>
public sealed record FoundItemView(string ItemId, string? Title, string? Category, double? Price, double Score);

/// <summary>GET /v1/items/{itemId}/frequently-bought-together and POST /v1/frequently-bought-together.</summary>
public sealed record TogetherResponse(string ModelVersion, string Mode, string[] Anchors, string[]? UnknownItems, List<ItemView> Items);

/// <summary>POST /v1/frequently-bought-together body.</summary>
public sealed record TogetherRequest([property: Required] string?[]? Items, int? K, string? Mode);

/// <summary>One event of POST /v1/events (the body is one of these, an array of them, or <c>{"events": [...]}</c>).
/// <c>item_id</c> is required for view, cart and purchase; <c>offer_id</c> for the offer_* types, with the offer's
/// <c>items</c> and <c>price</c>. <c>timestamp</c> is Unix seconds or ISO-8601 (default: now). <c>event_id</c>, when
/// given, makes a retry safe: an event id the user already has is acknowledged and not stored again.</summary>
public sealed record EventRequest(
    [property: Required] string? UserId,
    [property: Required] string? Type,
    string? ItemId,
    string? OfferId,
    string?[]? Items,
    double? Price,
    double? Quantity,
    JsonElement? Timestamp,
    string? EventId = null);

/// <summary>POST /v1/events batch body.</summary>
public sealed record EventBatchRequest([property: Required] List<EventRequest?>? Events);

/// <summary>POST /v1/events answer: every event is durable when this is sent. <c>duplicates</c> counts the events
/// whose <c>event_id</c> the user already had (acknowledged, not stored again).</summary>
public sealed record EventsAccepted(int Accepted, int UnknownItems, int Duplicates);

/// <summary>An item inside a bundle; <c>source</c> is <c>new</c> for a new product placed from its text (absent
/// otherwise).</summary>
public sealed record BundleItemView(string ItemId, string? Title, double? ListPrice, string? Source = null);

/// <summary>A priced bundle with its explanation. <c>expected_profit</c> is the expected incremental profit of the offer
/// (over not offering), <c>acceptance</c> the chance the customer takes it: posterior estimates, each with its 90%
/// posterior interval as <c>[low, high]</c>. <c>little_evidence</c> is true when the acceptance interval is wider than
/// 0.5 (show "little evidence yet", not the interval alone); <c>responses</c> counts the labelled offer responses the
/// acceptance estimate has learned from.</summary>
public sealed record BundleView(string BundleId, List<BundleItemView> Items, double ListPrice, double Price, double DiscountPercent,
    double ExpectedProfit, double[] ExpectedProfitInterval, double Acceptance, double[] AcceptanceInterval, bool LittleEvidence, long Responses,
    string Explanation);

/// <summary>What became of the bundles composed for a request: how many, and by reason how many were not offered.
/// <c>summary</c> says it in one line (why there are no offers, when there are none).</summary>
public sealed record WithheldView(int Composed, int NoAllowedPrice, int NoIncrementalProfit, int BelowMinExpectedProfit, int PriceUnknown, string Summary);

/// <summary>GET /v1/users/{userId}/bundles: only offers worth making (possibly none), why the other composed bundles
/// were not offered, and what the request budget left out (absent when nothing). <c>currency</c> (ISO 4217) is the
/// currency of every amount in the bundles.</summary>
public sealed record BundlesResponse(string ModelVersion, string Currency, List<BundleView> Bundles, WithheldView Withheld, DegradedView? Degraded = null);

/// <summary>POST /v1/bundles/price body.</summary>
public sealed record BundlePriceRequest([property: Required] string? UserId, [property: Required] string?[]? Items);

/// <summary>POST /v1/bundles/price answer. <c>currency</c> (ISO 4217) is the currency of every amount in the bundle.</summary>
public sealed record BundlePriceResponse(string ModelVersion, string Currency, BundleView Bundle);

/// <summary>DELETE /v1/users/{userId} answer.</summary>
public sealed record ErasureResponse(bool Erased, int EventsDeleted, bool SessionRemoved, bool ProfileRemoved, string ModelVersion);

/// <summary>POST /v1/admin/reload answer.</summary>
public sealed record ReloadResponse(bool Reloaded, string PreviousVersion, string ModelVersion);

/// <summary>GET /health. <c>recommenders</c> is the order recommendations are tried in; <c>unavailable</c> lists
/// components the model has but this server cannot run (e.g. sasrec without libtorch), null when none.</summary>
public sealed record HealthResponse(string Status, bool Live, bool Ready, string ModelVersion, string[] Components, bool BundleEngine, long UptimeSeconds,
    string[] Recommenders, string[]? Unavailable = null);
