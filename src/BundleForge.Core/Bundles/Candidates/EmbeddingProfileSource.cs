using System.Numerics.Tensors;
using BundleForge.Embeddings;

namespace BundleForge.Bundles.Candidates;

/// <summary>Candidates close to the user's item2vec profile: the recency-weighted mean of the unit input vectors of
/// what they bought (weights halve every <see cref="HalfLifeDays"/> before their last purchase, as in
/// <see cref="UserProfileBuilder"/>), plus the cart; items are scored by cosine to it and only positive cosines count.
/// Built from the context's history, so it serves users, carts of anonymous visitors and backtest splits alike.</summary>
public sealed class EmbeddingProfileSource : ICandidateSource
{
    private readonly Item2VecModel _model;
    private readonly IVectorIndex _index;

    public EmbeddingProfileSource(Item2VecModel model)
    {
        _model = model;
        _index = model.Index;
    }

    public string Name => "item2vec-profile";

    public float Weight { get; init; } = 1f;

    public double HalfLifeDays { get; init; } = 30;

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        var e = _model.Embeddings;
        var profile = new float[e.Dimensions];
        long last = user.HistoryTime.Length > 0 ? user.HistoryTime[^1] : 0;
        bool any = false;
        for (int k = 0; k < user.History.Length; k++)
        {
            double age = k < user.HistoryTime.Length ? (last - user.HistoryTime[k]) / 86_400.0 : user.History.Length - 1 - k;
            any |= AddUnit(user.History[k], (float)Math.Pow(0.5, age / HalfLifeDays));
        }
        foreach (int c in user.Cart)
            any |= AddUnit(c, 1f);
        if (!any || !VectorMath.NormalizeInPlace(profile))
            return;
        foreach (var nb in _index.TopK(profile, max))
            if (nb.Score > 0)
                into.Add(new Candidate(nb.Id, nb.Score, Name, new SignalEvidence(EvidenceKind.CloseToProfile)));

        bool AddUnit(int item, float w)
        {
            if (!e.HasVector(item) || !(w > 0))
                return false;
            // A zero row adds nothing; a profile of zero rows only fails the normalisation below.
            TensorPrimitives.MultiplyAdd(_model.UnitInputOf(item), w, profile, profile);
            return true;
        }
    }
}
