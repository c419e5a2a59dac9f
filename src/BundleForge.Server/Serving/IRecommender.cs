namespace BundleForge.Server.Serving;

/// <summary>Personalised item recommendations for one user, aware of the user's live session.</summary>
public interface IRecommender : IServingComponent
{
    /// <summary>Up to <paramref name="k"/> items for the user, best first, never an item in
    /// <see cref="UserSnapshot.IsExcluded"/> — unless the recommender learned that the shop's customers re-buy (the
    /// next-basket ranker, SASRec with its history kept), which may return bought items but never one in
    /// <see cref="UserSnapshot.IsHeldBack"/>. An empty list lets the server fall back to popularity.</summary>
    IReadOnlyList<Suggestion> Recommend(UserSnapshot user, int k);
}
