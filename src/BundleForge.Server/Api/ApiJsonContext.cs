using System.Text.Json.Serialization;

namespace BundleForge.Server.Api;

/// <summary>Source-generated JSON for every request and response record of the API: no reflection per request, and
/// requests read strictly (exact snake_case names, numbers as numbers, no comments, a property at most once).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = JsonRequest.MaxDepth,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(TogetherRequest))]
[JsonSerializable(typeof(EventRequest))]
[JsonSerializable(typeof(List<EventRequest?>))]
[JsonSerializable(typeof(EventBatchRequest))]
[JsonSerializable(typeof(BundlePriceRequest))]
[JsonSerializable(typeof(RecommendationsResponse))]
[JsonSerializable(typeof(TogetherResponse))]
[JsonSerializable(typeof(EventsAccepted))]
[JsonSerializable(typeof(BundlesResponse))]
[JsonSerializable(typeof(BundlePriceResponse))]
[JsonSerializable(typeof(ErasureResponse))]
[JsonSerializable(typeof(ReloadResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ItemSearchResponse))]
[JsonSerializable(typeof(PredefinedBundlesResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
