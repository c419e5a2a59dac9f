using BundleForge.Server.Serving;

namespace BundleForge.Cluster.Grains;

/// <summary>One offer event of the shared learner's log: items by id (every node maps them onto its own catalog of the
/// same model version), so any node can apply it to its pricer.</summary>
[GenerateSerializer, Immutable]
public sealed class OfferFeedbackEntry
{
    [Id(0)] public required string UserKey { get; init; }
    [Id(1)] public required string OfferId { get; init; }
    [Id(2)] public required string[] Items { get; init; }
    [Id(3)] public double? Price { get; init; }
    [Id(4)] public int Outcome { get; init; }
    [Id(5)] public long UnixSeconds { get; init; }

    /// <summary>The entry of <paramref name="f"/>, whose dense items are ids of <paramref name="itemIds"/>.</summary>
    public static OfferFeedbackEntry From(OfferFeedback f, string[] itemIds)
    {
        var items = new string[f.Items.Length];
        for (int i = 0; i < items.Length; i++)
            items[i] = itemIds[f.Items[i]];
        return new OfferFeedbackEntry { UserKey = f.UserKey, OfferId = f.OfferId, Items = items, Price = f.Price, Outcome = (int)f.Outcome, UnixSeconds = f.UnixSeconds };
    }
}
