namespace BundleForge.Server.Serving;

/// <summary>Products with no or few purchases, placed into answers from their text (source <see cref="Source"/>), a
/// few at a time and never above the established products at the top of a list.</summary>
public interface INewItems : IServingComponent
{
    /// <summary>The source a placed new product carries.</summary>
    public const string Source = "new";

    /// <summary>How many products count as new in the served model.</summary>
    int Count { get; }

    /// <summary>Places up to the configured number of new products related to the user's history and session into
    /// <paramref name="items"/> (a recommendation list of at most <paramref name="count"/>), from the configured
    /// position down; the list keeps its length.</summary>
    void PlaceInRecommendations(UserSnapshot user, List<Suggestion> items, int count);

    /// <summary>Puts up to the configured number of new products related to <paramref name="cart"/> in the place of
    /// the fallbacks of a relaxed frequently-bought-together answer (observed co-purchases keep their places).</summary>
    IReadOnlyList<Suggestion> PlaceInTogether(ReadOnlySpan<int> cart, IReadOnlyList<Suggestion> items);
}
