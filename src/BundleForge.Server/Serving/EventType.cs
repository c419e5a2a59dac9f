namespace BundleForge.Server.Serving;

/// <summary>The behaviour and feedback events <c>POST /v1/events</c> accepts (stored as these numbers).</summary>
public enum EventType : byte
{
    View = 0,
    Cart = 1,
    Purchase = 2,
    OfferShown = 3,
    OfferAccepted = 4,
    OfferDeclined = 5,
}
