using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation.Bundles;

/// <summary>The CrossCBR protocol of predefined-bundle ranking: every user with held-out bundles in the chosen split
/// gets all bundles ranked, minus the bundles the user is already known to have taken (train; train and tune when
/// judging test), and Recall@k and NDCG@k are averaged over those users. Rankers read the user's train bundles, as the
/// papers' models do, or train and tune ones when judging test with a model that learned from tune.</summary>
public sealed class BundleRankingProtocol
{
    private readonly int[] _truthOffsets;
    private readonly int[] _truth;
    private readonly int[] _knownOffsets;
    private readonly int[] _known;

    private BundleRankingProtocol(BundleRankingSplit split, int bundleCount, int[] users, int[] truthOffsets, int[] truth, int[] knownOffsets, int[] known)
    {
        Split = split;
        BundleCount = bundleCount;
        Users = users;
        _truthOffsets = truthOffsets;
        _truth = truth;
        _knownOffsets = knownOffsets;
        _known = known;
    }

    /// <summary>The split judged.</summary>
    public BundleRankingSplit Split { get; }

    /// <summary>Bundles ranked per user.</summary>
    public int BundleCount { get; }

    /// <summary>The users judged (those with held-out bundles), ascending.</summary>
    public IReadOnlyList<int> Users { get; }

    /// <summary>The protocol for <paramref name="split"/> of <paramref name="bundles"/>; null takes test when the data
    /// has a test split, else tune. Asking for test on data without one is a <see cref="DataException"/>.</summary>
    public static BundleRankingProtocol For(BundleCatalog bundles, int userCount, BundleRankingSplit? split = null)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        var chosen = split ?? (bundles.Test.Length > 0 ? BundleRankingSplit.Test : BundleRankingSplit.Tune);
        var held = chosen == BundleRankingSplit.Test ? bundles.Test : bundles.Tune;
        if (held.Length == 0)
            throw new DataException(chosen == BundleRankingSplit.Test
                ? "The data has no test split (user_bundle_test.txt is missing or empty); evaluate with --split tune."
                : "The data has no tune pairs (user_bundle_tune.txt is empty).", field: "--split");
        var truthLists = Group(userCount, held);
        var knownLists = Group(userCount, chosen == BundleRankingSplit.Test ? [.. bundles.Train, .. bundles.Tune] : bundles.Train);
        var users = new List<int>();
        for (int u = 0; u < userCount; u++)
        {
            var truth = truthLists[u];
            if (truth is null)
                continue;
            // A held-out pair the user already has in a known split is no test: the ranking excludes it.
            if (knownLists[u] is { } known)
                truth.ExceptWith(known);
            if (truth.Count > 0)
                users.Add(u);
        }
        var (truthOffsets, truthItems) = Flatten(users, truthLists);
        var (knownOffsets, knownItems) = Flatten(users, knownLists);
        return new BundleRankingProtocol(chosen, bundles.Count, [.. users], truthOffsets, truthItems, knownOffsets, knownItems);
    }

    /// <summary>The same protocol judging only the held-out bundles <paramref name="keep"/> accepts (users left with
    /// none are dropped); the excluded bundles stay as they are.</summary>
    public BundleRankingProtocol RestrictedTo(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var users = new List<int>();
        var truthOffsets = new List<int> { 0 };
        var truth = new List<int>();
        var knownOffsets = new List<int> { 0 };
        var known = new List<int>();
        for (int x = 0; x < Users.Count; x++)
        {
            int before = truth.Count;
            foreach (int b in TruthOf(x))
                if (keep(b))
                    truth.Add(b);
            if (truth.Count == before)
                continue;
            users.Add(Users[x]);
            truthOffsets.Add(truth.Count);
            foreach (int b in KnownOf(x))
                known.Add(b);
            knownOffsets.Add(known.Count);
        }
        return new BundleRankingProtocol(Split, BundleCount, [.. users], [.. truthOffsets], [.. truth], [.. knownOffsets], [.. known]);
    }

    /// <summary>The held-out bundles of the <paramref name="index"/>-th judged user, ascending.</summary>
    public ReadOnlySpan<int> TruthOf(int index) => _truth.AsSpan(_truthOffsets[index], _truthOffsets[index + 1] - _truthOffsets[index]);

    /// <summary>The bundles the <paramref name="index"/>-th judged user is known to have (excluded from the ranking), ascending.</summary>
    public ReadOnlySpan<int> KnownOf(int index) => _known.AsSpan(_knownOffsets[index], _knownOffsets[index + 1] - _knownOffsets[index]);

    /// <summary>Ranks the bundles for every judged user by <paramref name="scorer"/> and averages Recall@k and NDCG@k at
    /// each of <paramref name="cutoffs"/>; ties go to the smaller bundle index, so a scorer gives the same figures on
    /// every run.</summary>
    public RelevantSetMetrics Evaluate(IBundleScorer scorer, IReadOnlyList<int> cutoffs, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var total = new RelevantSetAccumulator(cutoffs);
        int k = total.MaxCutoff;
        int count = Users.Count;
        var gate = new object();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, count, options,
            () => (Scores: new float[BundleCount], Heap: new TopKHeap(k), Ranked: new Neighbor[k], Ids: new int[k], Sum: new RelevantSetAccumulator(cutoffs)),
            (x, _, state) =>
            {
                var scores = state.Scores;
                scorer.Score(Users[x], scores);
                foreach (int b in KnownOf(x))
                    scores[b] = float.NegativeInfinity;
                state.Heap.Clear();
                for (int b = 0; b < scores.Length; b++)
                    if (!float.IsNegativeInfinity(scores[b]))
                        state.Heap.Add(b, scores[b]);
                int n = state.Heap.CopySortedTo(state.Ranked);
                for (int r = 0; r < n; r++)
                    state.Ids[r] = state.Ranked[r].Id;
                int[] truth = TruthOf(x).ToArray();
                state.Sum.Add(state.Ids.AsSpan(0, n), b => Array.BinarySearch(truth, b) >= 0, truth.Length);
                return state;
            },
            state =>
            {
                lock (gate)
                    total.Merge(state.Sum);
            });
        return total.ToMetrics();
    }

    /// <summary>The protocol in words, with the number of users judged.</summary>
    public string Describe(IReadOnlyList<int> cutoffs, BundlePairs learnedFrom = BundlePairs.Train) =>
        $"split {Split.ToString().ToLowerInvariant()}: each user's held-out bundles ranked among all {BundleCount} predefined bundles minus the bundles the user is known to have " +
        $"({(Split == BundleRankingSplit.Test ? "train and tune" : "train")}); rankers read {(learnedFrom == BundlePairs.TrainAndTune ? "train and tune" : "train")} interactions and all user-item interactions; " +
        $"{Users.Count} users; Recall@k and NDCG@k as in CrossCBR at k = {string.Join(", ", cutoffs)}";

    private static HashSet<int>?[] Group(int userCount, (int User, int Bundle)[] pairs)
    {
        var lists = new HashSet<int>?[userCount];
        foreach (var (u, b) in pairs)
            if ((uint)u < (uint)userCount)
                (lists[u] ??= []).Add(b);
        return lists;
    }

    private static (int[] Offsets, int[] Items) Flatten(List<int> users, HashSet<int>?[] lists)
    {
        var offsets = new int[users.Count + 1];
        var items = new List<int>();
        for (int x = 0; x < users.Count; x++)
        {
            if (lists[users[x]] is { } set)
            {
                var sorted = set.ToArray();
                Array.Sort(sorted);
                items.AddRange(sorted);
            }
            offsets[x + 1] = items.Count;
        }
        return (offsets, [.. items]);
    }
}
