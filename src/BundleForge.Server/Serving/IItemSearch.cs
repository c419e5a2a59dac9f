namespace BundleForge.Server.Serving;

/// <summary>Finds catalog items for a typed query: by meaning when the model has text vectors, else by letters.</summary>
public interface IItemSearch
{
    /// <summary>How it finds items: <c>meaning</c> (text vectors and letters) or <c>letters</c> (ids and titles only).</summary>
    string Method { get; }

    /// <summary>Up to <paramref name="k"/> items for <paramref name="query"/>, best first (dense ids); none for a blank query.</summary>
    IReadOnlyList<FoundItem> Find(string query, int k);
}

/// <summary>A found item (dense id) and its score (higher is better; scores of the two methods differ in scale).</summary>
public readonly record struct FoundItem(int Item, double Score);
