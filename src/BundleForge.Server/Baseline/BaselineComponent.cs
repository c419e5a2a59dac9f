using BundleForge.Baseline;
using BundleForge.Mining;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Baseline;

/// <summary>Serves the baseline model: session-aware co-purchase recommendations, frequently-bought-together (Mining's
/// <see cref="FrequentlyBoughtTogether"/> over the baseline's co-purchase neighbours, with its category and popularity
/// fallbacks) and the user profiles.</summary>
public sealed class BaselineComponent : IRecommender, IFrequentlyBoughtTogether, IPurchaseHistories, IUserDataComponent
{
    private const int MaxAnchors = 20;

    private readonly BaselineModel _model;
    private readonly int[] _popular;
    private readonly FrequentlyBoughtTogether _strict;
    private readonly FrequentlyBoughtTogether _relaxed;

    [ThreadStatic] private static CandidateScratch? t_scratch;

    public BaselineComponent(BaselineModel model)
    {
        _model = model;
        var pop = model.Popularity;
        _popular = Enumerable.Range(0, pop.Length).Where(i => pop[i] > 0)
            .OrderByDescending(i => pop[i]).ThenBy(i => i).ToArray();
        // One frequently-bought-together for every component: the baseline's neighbour lists are a co-occurrence
        // table (counted over the baskets small enough for pairs), scored and filled by Mining's implementation.
        int widest = 1;
        for (int i = 0; i < pop.Length; i++)
            widest = Math.Max(widest, model.NeighbourOffsets[i + 1] - model.NeighbourOffsets[i]);
        var table = new CooccurrenceTable(model.PairBaskets, model.PairBasis, model.NeighbourOffsets, model.NeighbourItems, model.NeighbourCounts, widest);
        _strict = new FrequentlyBoughtTogether(table, new FbtScoring { MinCoPurchases = model.MinCoPurchases }, []);
        _relaxed = new FrequentlyBoughtTogether(table, new FbtScoring(),
            [new CategoryFallback(model.Catalog.Categories, pop), new PopularityFallback(pop)]);
    }

    public string Name => BaselineModel.ComponentName;
    public BaselineModel Model => _model;

    /// <summary>Items by popularity, most popular first (items never bought are left out).</summary>
    public ReadOnlySpan<int> PopularItems => _popular;

    /// <summary>Session events count more than old purchases, carts more than views, recent more than older; a
    /// declined offer or a mere impression says little about what the user wants next.</summary>
    private static double WeightOf(EventType type) => type switch
    {
        EventType.Cart => 3.0,
        EventType.Purchase or EventType.OfferAccepted => 2.5,
        EventType.View => 1.5,
        EventType.OfferShown => 0.3,
        _ => 0.0,
    };

    public IReadOnlyList<Suggestion> Recommend(UserSnapshot user, int k)
    {
        var s = Scratch();
        int anchors = 0;
        double decay = 1.0;
        for (int x = user.Session.Length - 1; x >= 0 && anchors < MaxAnchors; x--)
        {
            var e = user.Session[x];
            double w = WeightOf(e.Type) * decay;
            if (w <= 0)
                continue;
            Accumulate(s, e.Item, w, null);
            decay *= 0.8;
            anchors++;
        }
        decay = 1.0;
        for (int x = user.History.Length - 1, taken = 0; x >= 0 && taken < MaxAnchors; x--, taken++)
        {
            Accumulate(s, user.History[x], decay, null);
            decay *= 0.9;
        }
        var result = s.Top(k, j => !user.IsExcluded(j), _model.Popularity, Suggestion.CoPurchase, this);
        s.Reset();
        return result;
    }

    public IReadOnlyList<Suggestion> Together(ReadOnlySpan<int> cart, int k, TogetherMode mode)
    {
        var found = mode == TogetherMode.Strict ? _strict.Recommend(cart, k, FbtMode.Strict) : _relaxed.Recommend(cart, k, FbtMode.Relaxed);
        return Suggestion.Of(found);
    }

    /// <summary>The most popular items not excluded, marked as the popularity fallback.</summary>
    public List<Suggestion> Popular(int k, Func<int, bool> allowed)
    {
        var result = new List<Suggestion>(k);
        foreach (var i in _popular)
        {
            if (result.Count >= k)
                break;
            if (allowed(i))
                result.Add(new Suggestion(i, _model.Popularity[i], Suggestion.Popular));
        }
        return result;
    }

    private void Accumulate(CandidateScratch s, int anchor, double weight, int? minCount)
    {
        var m = _model;
        for (int x = m.NeighbourOffsets[anchor], end = m.NeighbourOffsets[anchor + 1]; x < end; x++)
        {
            int c = m.NeighbourCounts[x];
            if (minCount is { } min && c < min)
                continue;
            s.Add(m.NeighbourItems[x], weight * m.NeighbourScores[x], anchor, c);
        }
    }

    internal Suggestion Evidence(int item, double score, string source, int anchor, int count)
    {
        if (anchor < 0)
            return new Suggestion(item, score, source);
        var m = _model;
        double bi = m.PairBasis[anchor], bj = m.PairBasis[item];
        double confidence = bi > 0 ? count / bi : 0;
        double lift = bi > 0 && bj > 0 ? count * (double)m.PairBaskets / (bi * bj) : 0;
        return new Suggestion(item, score, source, count, confidence, lift);
    }

    private CandidateScratch Scratch()
    {
        var s = t_scratch;
        if (s is null || s.Capacity != _model.Catalog.Count)
            t_scratch = s = new CandidateScratch(_model.Catalog.Count);
        return s;
    }

    public int[] HistoryOf(string userKey) => _model.Profiles.HistoryOf(userKey);

    public bool Holds(string userKey) => _model.Profiles.Contains(userKey);

    public IReadOnlyCollection<string> WriteWithout(IReadOnlySet<string> userKeys, string sourceFolder, string targetFolder)
    {
        _model.Profiles.Without(userKeys).Write(Path.Combine(targetFolder, BaselineModel.ProfilesFile));
        return [BaselineModel.ProfilesFile];
    }
}
