namespace BundleForge.Cluster.Grains;

/// <summary>One entry of a customer's live session as a grain hands it to the node serving a request: the shop's
/// item id (the node maps it against the model version it serves), the event type and the event time.</summary>
[GenerateSerializer, Immutable]
public sealed class SessionEntry
{
    [Id(0)] public required string Item { get; init; }
    [Id(1)] public required int Type { get; init; }
    [Id(2)] public required long UnixSeconds { get; init; }
}
