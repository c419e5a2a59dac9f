namespace BundleForge.Server.Serving;

/// <summary>What a user did with a bundle offer.</summary>
public enum OfferOutcome { Shown, Accepted, Declined }

/// <summary>One offer event for the pricer: who (pseudonymous key), which offer, its items (dense ids, unknown ones
/// dropped), the price shown, and the outcome.</summary>
public sealed record OfferFeedback(string UserKey, string OfferId, int[] Items, double? Price, OfferOutcome Outcome, long UnixSeconds);
