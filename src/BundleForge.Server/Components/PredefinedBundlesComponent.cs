using BundleForge.BundleRanking;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>The shop's predefined bundles ranked per customer by the model's <c>bundle-ranker</c> component: the
/// customer's train bundles (by pseudonymous key) and items (purchase history plus items bought or put in the cart since
/// training; the served catalog is the ranker's, checked at load) are scored by <see cref="BundleRankerModel"/>, the bundles they took are left out, and each answer carries
/// what led to it. It holds which bundles each customer took, so erasure rewrites it without them.</summary>
public sealed class PredefinedBundlesComponent(BundleRankerModel model) : IUserDataComponent
{
    /// <inheritdoc />
    public string Name => BundleRankerModel.Component;

    /// <summary>The ranker.</summary>
    public BundleRankerModel Model { get; } = model;

    /// <inheritdoc />
    public bool Holds(string userKey) => Model.Customers.Contains(userKey);

    /// <inheritdoc />
    public IReadOnlyCollection<string> WriteWithout(IReadOnlySet<string> userKeys, string sourceFolder, string targetFolder) =>
        Model.WriteWithout(userKeys, targetFolder);

    /// <summary>The best <paramref name="count"/> bundles for <paramref name="user"/>, best first.</summary>
    public IReadOnlyList<RankedPredefinedBundle> Rank(UserSnapshot user, int count)
    {
        ArgumentNullException.ThrowIfNull(user);
        var taken = Model.Customers.Of(user.UserKey).ToArray();
        var items = ItemsOf(user);
        var scores = new float[Model.BundleCount];
        Model.Score(user.UserKey, taken, items, scores);
        foreach (int b in taken)
            scores[b] = float.NegativeInfinity;
        var heap = new Embeddings.TopKHeap(Math.Max(1, count));
        for (int b = 0; b < scores.Length; b++)
            if (!float.IsNegativeInfinity(scores[b]))
                heap.Add(b, scores[b]);
        var ranked = heap.ToSortedArray();
        var answer = new List<RankedPredefinedBundle>(ranked.Length);
        foreach (var r in ranked)
            answer.Add(new RankedPredefinedBundle(r.Id, r.Score, Model.ItemsOf(r.Id).ToArray(), Model.Explain(user.UserKey, r.Id, taken, items), taken));
        return answer;
    }

    /// <summary>The customer's distinct items in the ranker's ids: history, then purchases and carts since training.</summary>
    private int[] ItemsOf(UserSnapshot user)
    {
        var set = new SortedSet<int>();
        foreach (int i in user.History)
            if ((uint)i < (uint)Model.ItemCount)
                set.Add(i);
        foreach (var e in user.Session)
            if (e.Type is EventType.Purchase or EventType.Cart && (uint)e.Item < (uint)Model.ItemCount)
                set.Add(e.Item);
        return [.. set];
    }
}

/// <summary>One ranked predefined bundle: its index in the model, score, items (catalog ids), the reasons, and
/// the customer's own bundles the reasons refer to.</summary>
public sealed record RankedPredefinedBundle(int Bundle, float Score, int[] Items, BundleReasons Reasons, int[] CustomerBundles);
