using System.Numerics.Tensors;
using BundleForge.Embeddings;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Recommendations from the <c>item2vec</c> component: the user's profile vector (their long-run taste,
/// from training) blended with the vectors of their live session events (what they look at now), then the catalog
/// items closest to that blend by cosine. A new event changes the next answer at once, since sessions are read per
/// request. Also drops users' profiles on erasure.</summary>
public sealed class Item2VecRecommender : IRecommender, IUserDataComponent
{
    /// <summary>Share of the live session in the query when the user has both a profile and a session: what they do
    /// now says more about the next item than their history does.</summary>
    public const float SessionShare = 0.6f;
    private const int MaxAnchors = 20;
    public const string ProfilesJson = UserProfileFile.FileName;
    public const string ProfilesVectors = "profiles.vec";

    private readonly bool[] _valid;
    /// <summary>Items with a vector learned from behaviour: only these are recommended. Cold-start vectors (from
    /// attributes alone) still anchor a query, but would otherwise crowd out items people actually buy together.</summary>
    private readonly bool[] _trained;
    private readonly int _dimensions;
    private readonly UserProfiles? _profiles;
    private readonly Dictionary<string, int> _profileRow;

    [ThreadStatic] private static float[]? t_query;
    [ThreadStatic] private static float[]? t_session;

    public Item2VecRecommender(Item2VecModel model)
    {
        Model = model;
        _dimensions = model.Embeddings.Dimensions;
        _valid = new bool[model.Embeddings.Count];
        _trained = new bool[model.Embeddings.Count];
        for (int i = 0; i < _valid.Length; i++)
        {
            _valid[i] = model.Embeddings.HasVector(i) && TensorPrimitives.Norm(Row(i)) > 0;
            _trained[i] = _valid[i] && model.Embeddings.Source[i] == ItemVectorSource.Trained;
        }
        _profiles = model.Profiles;
        _profileRow = new Dictionary<string, int>(_profiles?.Profiles.Count ?? 0, StringComparer.Ordinal);
        if (_profiles is not null)
            for (int r = 0; r < _profiles.Profiles.Count; r++)
                _profileRow[_profiles.Profiles[r].Key] = r;
    }

    public string Name => Item2VecModel.Component;

    /// <summary>The loaded component (the dashboard shows its similar items and complements).</summary>
    public Item2VecModel Model { get; }

    /// <summary>Users with a profile vector.</summary>
    public int ProfileCount => _profileRow.Count;

    private ReadOnlySpan<float> Row(int item) => Model.UnitInputOf(item);

    public IReadOnlyList<Suggestion> Recommend(UserSnapshot user, int k)
    {
        int d = _dimensions;
        var query = (t_query is { } q && q.Length == d) ? q : (t_query = new float[d]);
        var session = (t_session is { } s && s.Length == d) ? s : (t_session = new float[d]);
        Array.Clear(query);
        Array.Clear(session);
        bool hasSession = AddSession(user.Session, session);
        bool hasProfile = false;
        if (_profiles is not null && _profileRow.TryGetValue(user.UserKey, out int p))
        {
            _profiles.Vectors.AsSpan(p * d, d).CopyTo(query);
            hasProfile = VectorMath.NormalizeInPlace(query);
        }
        if (!hasProfile)
        {
            // No profile vector (e.g. a model trained without profiles): the purchase history stands in for it.
            float w = 1f;
            for (int x = user.History.Length - 1, taken = 0; x >= 0 && taken < MaxAnchors; x--, taken++, w *= 0.9f)
                if (_valid[user.History[x]])
                    TensorPrimitives.MultiplyAdd(Row(user.History[x]), w, query, query);
            hasProfile = VectorMath.NormalizeInPlace(query);
        }
        if (hasSession && hasProfile)
        {
            TensorPrimitives.Multiply(query, 1f - SessionShare, query);
            TensorPrimitives.MultiplyAdd(session, SessionShare, query, query);
        }
        else if (hasSession)
            session.CopyTo(query.AsSpan());
        else if (!hasProfile)
            return [];
        return VectorTopK.Search(Model.UnitInput, d, query, _trained, user, k, Name);
    }

    /// <summary>Sums the unit vectors of the newest session events, carts over purchases over views, each older event
    /// at 0.8 of the next; returns false when nothing had a vector.</summary>
    private bool AddSession(SessionEvent[] events, float[] into)
    {
        float decay = 1f;
        int anchors = 0;
        for (int x = events.Length - 1; x >= 0 && anchors < MaxAnchors; x--)
        {
            var e = events[x];
            float w = e.Type switch
            {
                EventType.Cart => 3f,
                EventType.Purchase or EventType.OfferAccepted => 2.5f,
                EventType.View => 1.5f,
                _ => 0f,
            };
            if (w == 0 || !_valid[e.Item])
                continue;
            TensorPrimitives.MultiplyAdd(Row(e.Item), w * decay, into, into);
            decay *= 0.8f;
            anchors++;
        }
        return anchors > 0 && VectorMath.NormalizeInPlace(into);
    }

    public bool Holds(string userKey) => _profileRow.ContainsKey(userKey);

    public IReadOnlyCollection<string> WriteWithout(IReadOnlySet<string> userKeys, string sourceFolder, string targetFolder)
    {
        if (_profiles is null)
            return [];
        int d = _profiles.Dimensions;
        var kept = new List<UserProfile>(_profiles.Profiles.Count);
        var vectors = new float[_profiles.Vectors.Length];
        for (int r = 0; r < _profiles.Profiles.Count; r++)
        {
            if (userKeys.Contains(_profiles.Profiles[r].Key))
                continue;
            _profiles.Vectors.AsSpan(r * d, d).CopyTo(vectors.AsSpan(kept.Count * d, d));
            kept.Add(_profiles.Profiles[r]);
        }
        Directory.CreateDirectory(targetFolder);
        VectorFile.Write(Path.Combine(targetFolder, ProfilesVectors), vectors.AsSpan(0, kept.Count * d), kept.Count, d);
        UserProfileFile.Write(Path.Combine(targetFolder, ProfilesJson), kept);
        return [ProfilesJson, ProfilesVectors];
    }
}
