using System.Globalization;

namespace BundleForge.Bundles.Explanation;

/// <summary>Why a signal proposed an item, worded from its <see cref="SignalEvidence"/> with the signal's name once at
/// the end: "Jumbo bag red: often bought with Lunch bag red (co-purchase)". <paramref name="Subject"/> is the name of
/// the item or category the evidence refers to (null for evidence that refers to none). Complete when the item, the
/// signal and any subject the evidence needs are named, and the subject is not the item itself.</summary>
public sealed record SignalReason(int Item, string Name, EvidenceKind Evidence, string? Subject, int Count, string Source) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "signal";

    /// <summary>True for evidence that refers to another item or a category.</summary>
    public bool NeedsSubject => Evidence is EvidenceKind.BoughtWith or EvidenceKind.Complements or EvidenceKind.BuysCategory;

    /// <inheritdoc/>
    public override bool IsComplete => Filled(Name) && Filled(Source) && Evidence != EvidenceKind.None
        && (!NeedsSubject || (Filled(Subject) && !string.Equals(Subject, Name, StringComparison.Ordinal)));

    /// <inheritdoc/>
    public override string Text => $"{Name}: {Phrase} ({Source})";

    private string Phrase => Evidence switch
    {
        EvidenceKind.BoughtWith => $"often bought with {Subject}",
        EvidenceKind.Complements => $"complements {Subject}",
        EvidenceKind.CloseToProfile => "close to what you usually buy",
        EvidenceKind.BuysCategory => $"you often buy {Subject}",
        EvidenceKind.BoughtBefore => Count > 1 ? $"you bought it {Count.ToString("N0", CultureInfo.InvariantCulture)} times" : "you bought it before",
        EvidenceKind.BestSeller => "one of the shop's best sellers",
        EvidenceKind.LikelyNext => "a likely next purchase after your recent ones",
        _ => "",
    };
}
