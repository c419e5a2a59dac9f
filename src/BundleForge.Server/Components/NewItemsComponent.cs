using BundleForge.Embeddings;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Components;

/// <summary>New products served from their text (<see cref="NewItemScorer"/> with the stored rule): ranked for the
/// anchors of a request (the user's latest purchases and session, or the cart), kept only when their text closeness to
/// the anchors reaches <see cref="NewItemsOptions.MinClosenessPercent"/>, and placed a few at a time
/// (<see cref="NewItemsOptions"/>) so untested products never flood a list. A suggestion's score is that closeness.</summary>
public sealed class NewItemsComponent : INewItems
{
    /// <summary>Latest history items a user's new products are ranked against (the cost per request stays bounded
    /// for customers with long histories).</summary>
    public const int MaxAnchors = 50;

    private readonly NewProducts _products;
    private readonly NewItemsOptions _options;

    /// <summary>The model's new products, placed as <paramref name="options"/> say.</summary>
    public NewItemsComponent(NewProducts products, NewItemsOptions options)
    {
        _products = products;
        _options = options;
    }

    public string Name => "new-items";

    public int Count => _products.Items.Length;

    /// <summary>The rule the products are ranked by.</summary>
    public NewItemBlend Blend => _products.Blend;

    public void PlaceInRecommendations(UserSnapshot user, List<Suggestion> items, int count)
    {
        int max = Math.Min(_options.MaxInRecommendations, count);
        if (max <= 0 || Count == 0)
            return;
        var anchors = new List<(int, float)>();
        var seen = new HashSet<int>();
        for (int s = user.Session.Length - 1; s >= 0 && anchors.Count < MaxAnchors; s--)
            if (seen.Add(user.Session[s].Item))
                anchors.Add((user.Session[s].Item, 1f));
        for (int h = user.History.Length - 1; h >= 0 && anchors.Count < MaxAnchors; h--)
            if (seen.Add(user.History[h]))
                anchors.Add((user.History[h], 1f));
        var found = Rank(anchors, max, i => !user.IsExcluded(i));
        if (found.Count == 0)
            return;
        // A chosen product the list already holds (a popular fill) moves to its place and is marked new.
        var chosen = new HashSet<int>();
        foreach (var f in found)
            chosen.Add(f.Item);
        items.RemoveAll(s => chosen.Contains(s.Item));
        // The first at FirstPosition, each further one two places down; the list keeps its length.
        int position = _options.FirstPosition - 1;
        foreach (var f in found)
        {
            int at = Math.Min(position, items.Count);
            if (at >= count)
                break;
            items.Insert(at, f);
            position += 2;
        }
        if (items.Count > count)
            items.RemoveRange(count, items.Count - count);
    }

    public IReadOnlyList<Suggestion> PlaceInTogether(ReadOnlySpan<int> cart, IReadOnlyList<Suggestion> items)
    {
        if (_options.MaxInTogether <= 0 || Count == 0 || cart.Length == 0)
            return items;
        int fallbacks = 0;
        foreach (var s in items)
            if (IsFallback(s))
                fallbacks++;
        int max = Math.Min(_options.MaxInTogether, fallbacks);
        if (max == 0)
            return items;
        var anchors = new List<(int, float)>(cart.Length);
        var inCart = new HashSet<int>();
        foreach (var c in cart)
            if (inCart.Add(c))
                anchors.Add((c, 1f));
        var established = new HashSet<int>(inCart);
        foreach (var s in items)
            if (!IsFallback(s))
                established.Add(s.Item);
        var found = Rank(anchors, max, i => !established.Contains(i));
        if (found.Count == 0)
            return items;
        // New products take the places of the first fallbacks, in their order; a chosen product that was itself a
        // fallback further down is not listed twice.
        var chosen = new HashSet<int>();
        foreach (var f in found)
            chosen.Add(f.Item);
        var result = new List<Suggestion>(items.Count);
        int next = 0;
        foreach (var s in items)
        {
            if (!IsFallback(s))
                result.Add(s);
            else if (next < found.Count)
                result.Add(found[next++]);
            else if (!chosen.Contains(s.Item))
                result.Add(s);
        }
        return result;
    }

    private static bool IsFallback(Suggestion s) => s.Source != Suggestion.CoPurchase && s.CoPurchases == 0;

    /// <summary>Up to <paramref name="k"/> new products for the anchors, best first by the blend, each at least as
    /// close in text as the configured threshold.</summary>
    private List<Suggestion> Rank(List<(int Item, float Weight)> anchors, int k, Func<int, bool> allowed)
    {
        var found = _products.Rank(anchors, k, _options.MinClosenessPercent / 100f, allowed);
        var result = new List<Suggestion>(found.Count);
        foreach (var f in found)
            result.Add(new Suggestion(f.Item, Math.Round(f.Closeness, 4), INewItems.Source));
        return result;
    }
}
