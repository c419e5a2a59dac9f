using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Embeddings;

namespace BundleForge.Recommendation;

/// <summary>The <c>nextbasket</c> component: a learned next-basket ranker. Candidates come from the user's own past
/// orders (repeat), co-purchases with their recent orders, what their nearest customers buy, item2vec neighbours of
/// their taste (when the folder has item2vec), the new items closest to their title words, and popularity; a logistic ranker fitted on a validation period before the end of its training data
/// orders them, and a second one, fitted on the items new to each customer, fills the explore quota
/// (<see cref="ExploreQuota"/>). Holds each known user's recent orders under pseudonymous keys.</summary>
public sealed class NextBasketModel
{
    /// <summary>The component folder.</summary>
    public const string Component = "nextbasket";
    private const string FileName = "nextbasket.bin";
    private static ReadOnlySpan<byte> Magic => "BFNB"u8;
    // 6: the items' words (title closeness features). 7: the title candidate source's limit.
    private const int Version = 7;

    /// <summary>A model over the given parts.</summary>
    public NextBasketModel(NextBasketFeatures features, LinearRanker ranker, LinearRanker explore, ExplorePolicy policy, UserOrders users, bool usesItem2Vec,
        ServedPolicy served = default)
    {
        if (served.List == ServedList.TifuKnn && features.Neighbours is null)
            throw new ArgumentException("Serving TIFU-KNN needs the neighbour signal.", nameof(served));
        if (served.List == ServedList.PersonalTop && !(served.HalfLifeDays > 0))
            throw new ArgumentOutOfRangeException(nameof(served));
        if (ranker.Weights.Length != NextBasketFeatures.Count || explore.Weights.Length != NextBasketFeatures.Count)
            throw new ArgumentException($"The rankers must weigh {NextBasketFeatures.Count} features.", nameof(ranker));
        if (features.Words.ItemCount != features.Signals.ItemCount)
            throw new ArgumentException("The item words must cover the items of the signals.", nameof(features));
        if (!(policy.Share is >= 0 and <= 1) || !double.IsFinite(policy.Boost) || policy.Start < 0 || policy.Depth < 0)
            throw new ArgumentOutOfRangeException(nameof(policy));
        Features = features;
        Ranker = ranker;
        ExploreRanker = explore;
        Explore = policy;
        Users = users;
        UsesItem2Vec = usesItem2Vec;
        Served = served;
    }

    /// <summary>Candidates and their features.</summary>
    public NextBasketFeatures Features { get; }
    /// <summary>The learned scorer.</summary>
    public LinearRanker Ranker { get; }
    /// <summary>The learned scorer of items new to the customer.</summary>
    public LinearRanker ExploreRanker { get; }
    /// <summary>The room made for items new to the customer (chosen on validation).</summary>
    public ExplorePolicy Explore { get; }
    /// <summary>Known users' recent orders.</summary>
    public UserOrders Users { get; }
    /// <summary>The list served: the ranker's, or the baseline that ranked the fitting period better (<see cref="ServedPolicyRule"/>).</summary>
    public ServedPolicy Served { get; }
    /// <summary>True when the ranker reads the folder's item2vec vectors.</summary>
    public bool UsesItem2Vec { get; }
    /// <summary>Items.</summary>
    public int ItemCount => Features.Signals.ItemCount;
    /// <summary>The end of the training data: "now" for the stored users.</summary>
    public long Now => Features.Signals.Now;

    /// <summary>Writes the best items for a user with <paramref name="history"/> at <paramref name="now"/> into
    /// <paramref name="top"/> (as many as it holds), best first, with their sources and scores into
    /// <paramref name="sources"/> and <paramref name="scores"/> when those are long enough, skipping items
    /// <paramref name="exclude"/> rejects; ties go to the smaller item id. Returns how many were written.</summary>
    public int Rank(OrderHistory history, long now, Span<int> top, Span<CandidateSource> sources = default, Span<float> scores = default,
        Func<int, bool>? exclude = null)
    {
        if (top.IsEmpty)
            return 0;
        return ExploreQuota.Take(RankedOf(history, now), ServedExplore, exclude, top, sources, scores);
    }

    /// <summary>The explore policy of the served list (none when a baseline's list is served).</summary>
    private ExplorePolicy ServedExplore => Served.List == ServedList.Ranker ? Explore : default;

    /// <summary>The query's candidates scored and sorted by the served list.</summary>
    private RankedCandidates RankedOf(OrderHistory history, long now)
    {
        var set = Features.Build(history, now);
        return Served.List switch
        {
            ServedList.Ranker => ExploreQuota.Rank(set, Ranker, ExploreRanker, Explore),
            ServedList.PersonalTop => BaselineList.Rank(set, Served.List, RepeatProfile.Of(history, now, Served.HalfLifeDays), Features.Signals),
            _ => BaselineList.Rank(set, Served.List, null, Features.Signals),
        };
    }

    /// <summary>Customers whose ranking is kept after their first request (a few arrays of their candidate count each).</summary>
    public const int MaxCachedUsers = 100_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RankedCandidates> _ranked = new(StringComparer.Ordinal);

    /// <summary><see cref="Rank"/> for a stored customer with nothing new since the model was trained (their stored
    /// orders, ranked at <see cref="Now"/>): the scored, sorted candidates are the same on every request, so they are
    /// computed on the first and kept (up to <see cref="MaxCachedUsers"/> customers); each request then only skips what
    /// <paramref name="exclude"/> rejects and fills the explore quota. Returns 0 for an unknown customer.</summary>
    public int RankStored(string userKey, Span<int> top, Span<CandidateSource> sources = default, Span<float> scores = default,
        Func<int, bool>? exclude = null)
    {
        if (top.IsEmpty)
            return 0;
        if (!_ranked.TryGetValue(userKey, out var ranked))
        {
            var history = Users.HistoryOf(userKey);
            if (history.Count == 0)
                return 0;
            long now = Math.Max(history.Times[^1], Now);
            ranked = RankedOf(history, now);
            if (_ranked.Count < MaxCachedUsers)
                _ranked.TryAdd(userKey, ranked);
        }
        return ExploreQuota.Take(ranked, ServedExplore, exclude, top, sources, scores);
    }

    /// <summary>Writes the component's file and registers it with the writer.</summary>
    public void Save(ModelWriter writer, JsonObject parameters, JsonObject metrics)
    {
        WriteFile(writer.PathFor(Component, FileName));
        var weights = new JsonObject();
        for (int f = 0; f < NextBasketFeatures.Count; f++)
            weights[NextBasketFeatures.Names[f]] = Math.Round(Ranker.Weights[f], 4);
        parameters["weights"] = weights;
        var exploreWeights = new JsonObject();
        for (int f = 0; f < NextBasketFeatures.Count; f++)
            exploreWeights[NextBasketFeatures.Names[f]] = Math.Round(ExploreRanker.Weights[f], 4);
        parameters["explore_weights"] = exploreWeights;
        parameters["explore_boost"] = Explore.Boost;
        parameters["explore_share"] = Explore.Share;
        parameters["explore_start"] = Explore.Start;
        parameters["explore_depth"] = Explore.Depth;
        parameters["uses_item2vec"] = UsesItem2Vec;
        parameters["served_list"] = Served.Name;
        writer.AddComponent(Component, "next-basket", parameters, metrics);
    }

    /// <summary>Writes the component's file without the given users into <paramref name="targetFolder"/> (erasure);
    /// returns the file names written.</summary>
    public IReadOnlyCollection<string> WriteWithout(IReadOnlySet<string> userKeys, string targetFolder)
    {
        Directory.CreateDirectory(targetFolder);
        var kept = new NextBasketModel(Features, Ranker, ExploreRanker, Explore, Users.Without(userKeys), UsesItem2Vec, Served);
        var path = Path.Combine(targetFolder, FileName);
        var temp = path + ".tmp";
        kept.WriteFile(temp);
        File.Move(temp, path, overwrite: true);
        return [FileName];
    }

    private void WriteFile(string path)
    {
        using var w = ArtifactCodec.Create(path, Magic, Version);
        w.Write(UsesItem2Vec);
        Features.Signals.Write(w);
        Features.Words.Write(w);
        w.Write(Features.Limits.CoPurchase);
        w.Write(Features.Limits.Neighbour);
        w.Write(Features.Limits.Item2Vec);
        w.Write(Features.Limits.Title);
        w.Write(Features.Limits.Popular);
        var near = Features.Neighbours?.Settings ?? new NeighbourSettings { Neighbours = 0 };
        w.Write(near.GroupSize);
        w.Write(near.WithinDecay);
        w.Write(near.GroupDecay);
        w.Write(near.Neighbours);
        w.Write(near.MaxOrders);
        w.Write(near.Alpha);
        Write(w, Ranker);
        Write(w, ExploreRanker);
        w.Write(Explore.Boost);
        w.Write(Explore.Share);
        w.Write(Explore.Start);
        w.Write(Explore.Depth);
        w.Write((int)Served.List);
        w.Write(Served.HalfLifeDays);
        Users.Write(w);
    }

    private static void Write(ArtifactWriter w, LinearRanker ranker)
    {
        w.WriteArray<float>(ranker.Mean);
        w.WriteArray<float>(ranker.Scale);
        w.WriteArray<float>(ranker.Weights);
        w.Write(ranker.Bias);
    }

    private static LinearRanker ReadRanker(ArtifactReader r)
    {
        var mean = r.ReadArray<float>();
        var scale = r.ReadArray<float>();
        var weights = r.ReadArray<float>();
        float bias = r.ReadSingle();
        return new LinearRanker(mean, scale, weights, bias);
    }

    /// <summary>Loads the component from a verified model folder; <paramref name="itemCount"/> is the catalog's size.
    /// When it was trained with item2vec, the folder's item2vec component is loaded too.</summary>
    public static NextBasketModel Load(ModelReader reader, int itemCount)
    {
        using var r = ArtifactCodec.Open(reader.PathOf(Component, FileName), Magic, Version, "next-basket model");
        bool usesItem2Vec = r.ReadBoolean();
        var signals = ItemSignals.Read(r);
        var words = ItemWords.Read(r, signals.ItemCount);
        var limits = new NextBasketCandidates { CoPurchase = r.ReadInt32(), Neighbour = r.ReadInt32(), Item2Vec = r.ReadInt32(), Title = r.ReadInt32(), Popular = r.ReadInt32() };
        if (limits.CoPurchase < 0 || limits.Neighbour < 0 || limits.Item2Vec < 0 || limits.Title < 0 || limits.Popular < 0)
            throw r.Corrupt($"candidate limits of {limits}");
        var near = new NeighbourSettings { GroupSize = r.ReadInt32(), WithinDecay = r.ReadDouble(), GroupDecay = r.ReadDouble(), Neighbours = r.ReadInt32(), MaxOrders = r.ReadInt32(), Alpha = r.ReadDouble() };
        if (near.GroupSize < 1 || near.Neighbours is < 0 or > 1000 || near.MaxOrders < 1 || !(near.Alpha is >= 0 and <= 1))
            throw r.Corrupt($"neighbour settings of {near}");
        var ranker = ReadRanker(r);
        var explore = ReadRanker(r);
        var policy = new ExplorePolicy(r.ReadDouble(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32());
        if (!(policy.Share is >= 0 and <= 1) || !double.IsFinite(policy.Boost) || policy.Start < 0 || policy.Depth < 0)
            throw r.Corrupt($"an explore policy of {policy}");
        var served = new ServedPolicy((ServedList)r.ReadInt32(), r.ReadDouble());
        if (!Enum.IsDefined(served.List) || (served.List == ServedList.TifuKnn && near.Neighbours == 0) || (served.List == ServedList.PersonalTop && !(served.HalfLifeDays > 0)))
            throw r.Corrupt($"a served list of {served}");
        var users = UserOrders.Read(r, signals.ItemCount);
        r.ExpectEnd();
        if (signals.ItemCount != itemCount)
            throw r.Error($"The next-basket model knows {signals.ItemCount} items, the catalog {itemCount}; train both in one run.");
        ItemVectors? vectors = null;
        if (usesItem2Vec)
        {
            if (!reader.Has(Item2VecModel.Component))
                throw r.Error("The next-basket model was trained with item2vec, but the folder has no item2vec component.");
            vectors = VectorsOf(Item2VecModel.Load(reader));
            if (vectors.ItemCount != itemCount)
                throw r.Error("The item2vec component was trained on other items than the next-basket model; train both in one run.");
        }
        return new NextBasketModel(new NextBasketFeatures(signals, vectors, limits, ScorerOf(users, signals.ItemCount, near), words), ranker, explore, policy, users, usesItem2Vec, served);
    }

    /// <summary>The neighbour signal over the stored customers' orders (null when <paramref name="settings"/> turn it
    /// off): the vectors are rebuilt from the orders on load, so erasing a customer also removes them as a neighbour.</summary>
    public static NeighbourScorer? ScorerOf(UserOrders users, int itemCount, NeighbourSettings settings) =>
        settings.Neighbours > 0 ? new NeighbourScorer(TifuUserVectors.Build(users, itemCount, settings.GroupSize, settings.WithinDecay, settings.GroupDecay), settings) : null;

    /// <summary>The unit vectors of the items item2vec trained (cold-start vectors from attributes alone are left out).</summary>
    public static ItemVectors VectorsOf(Item2VecModel model)
    {
        int n = model.Embeddings.Count;
        var trained = new bool[n];
        for (int i = 0; i < n; i++)
            trained[i] = model.Embeddings.HasVector(i) && model.Embeddings.Source[i] == ItemVectorSource.Trained;
        return new ItemVectors(model.UnitInput.ToArray(), model.Embeddings.Dimensions, trained);
    }
}
