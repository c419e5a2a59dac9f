namespace BundleForge.Bundles.Pricing;

/// <summary>The kind of an offer feedback event (<c>offer_shown</c>, <c>offer_accepted</c>, <c>offer_declined</c>).</summary>
public enum OfferEventKind : byte
{
    Shown = 0,
    Accepted = 1,
    Declined = 2,
}

/// <summary>Feedback on one bundle offer: the user's pricing segment, the discount shown, the acceptance
/// probability the model predicted for it (NaN when unknown) and the offer's observable features
/// (<see cref="PriceQuote.Features"/>; null when unknown, then only the per-cell counts learn from the event) and the
/// dense user it was shown to (-1 when unknown), whose own outcome history it extends.</summary>
public readonly record struct OfferEvent(OfferEventKind Kind, string Segment, double Discount, double Predicted = double.NaN, OfferFeatures? Features = null, int User = -1)
{
    /// <summary>Parses the event names used in feedback files.</summary>
    public static OfferEventKind ParseKind(string name) => name switch
    {
        "offer_shown" => OfferEventKind.Shown,
        "offer_accepted" => OfferEventKind.Accepted,
        "offer_declined" => OfferEventKind.Declined,
        _ => throw new DataException($"unknown offer event '{name}' (expected offer_shown, offer_accepted or offer_declined)", field: "event"),
    };
}
