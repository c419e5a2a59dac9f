using BundleForge.Server.Serving;

namespace BundleForge.Server.Events;

/// <summary>The wire names of <see cref="EventType"/>.</summary>
public static class EventTypeNames
{
    public const string Help = "view, cart, purchase, offer_shown, offer_accepted, offer_declined";

    public static bool TryParse(string? name, out EventType type)
    {
        switch (name)
        {
            case "view":
                type = EventType.View;
                return true;
            case "cart":
                type = EventType.Cart;
                return true;
            case "purchase":
                type = EventType.Purchase;
                return true;
            case "offer_shown":
                type = EventType.OfferShown;
                return true;
            case "offer_accepted":
                type = EventType.OfferAccepted;
                return true;
            case "offer_declined":
                type = EventType.OfferDeclined;
                return true;
            default:
                type = default;
                return false;
        }
    }

    public static string NameOf(EventType type) => type switch
    {
        EventType.View => "view",
        EventType.Cart => "cart",
        EventType.Purchase => "purchase",
        EventType.OfferShown => "offer_shown",
        EventType.OfferAccepted => "offer_accepted",
        EventType.OfferDeclined => "offer_declined",
        _ => "unknown",
    };

    public static bool IsOffer(EventType type) => type is EventType.OfferShown or EventType.OfferAccepted or EventType.OfferDeclined;
}
