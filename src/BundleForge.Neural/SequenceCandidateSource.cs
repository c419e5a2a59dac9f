using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Data;

namespace BundleForge.Neural;

/// <summary>Candidates from a sequence model (SASRec/BERT4Rec): the items it expects next after the user's purchase
/// history (then the cart), scored exp(logit − best logit) so the best is 1 and the rest are relative probabilities.
/// Items bought before are kept unless the model learned that its shop's customers do not re-buy
/// (<see cref="SequenceScorer.MasksHistory"/>); otherwise the composer decides about repeat purchases. Concurrent calls run in parallel (the
/// scorer's inference is thread-safe).</summary>
public sealed class SequenceCandidateSource : ICandidateSource
{
    private readonly SequenceScorer _scorer;
    private readonly int[] _toModel;
    private readonly int[] _toCatalog;

    /// <summary>Maps <paramref name="catalog"/>'s dense ids to the model's by shop item id.</summary>
    public SequenceCandidateSource(SequenceScorer scorer, ItemCatalog catalog, string name = "sasrec")
    {
        _scorer = scorer;
        Name = name;
        _toModel = new int[catalog.Count];
        for (int i = 0; i < _toModel.Length; i++)
            _toModel[i] = scorer.IndexOf(catalog.Ids[i]);
        _toCatalog = new int[scorer.ItemIds.Length];
        for (int m = 0; m < _toCatalog.Length; m++)
            _toCatalog[m] = catalog.IndexOf(scorer.ItemIds[m]);
    }

    public string Name { get; }

    public float Weight { get; init; } = DefaultWeight;

    /// <summary>Chosen on the Online Retail validation period (docs/BENCHMARKS.md, "Bundles backtest").</summary>
    public const float DefaultWeight = 1f;

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        var history = new List<int>(user.History.Length + user.Cart.Length);
        foreach (int i in user.History)
            if ((uint)i < (uint)_toModel.Length && _toModel[i] >= 0)
                history.Add(_toModel[i]);
        foreach (int i in user.Cart)
            if ((uint)i < (uint)_toModel.Length && _toModel[i] >= 0)
                history.Add(_toModel[i]);
        if (user.Anchor >= 0 && (uint)user.Anchor < (uint)_toModel.Length && _toModel[user.Anchor] >= 0)
            history.Add(_toModel[user.Anchor]);
        if (history.Count == 0)
            return;
        var top = _scorer.TopK(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(history), max);
        if (top.Length == 0)
            return;
        float best = top[0].Score;
        foreach (var (m, logit) in top)
        {
            int i = _toCatalog[m];
            if (i < 0)
                continue;
            into.Add(new Candidate(i, MathF.Exp(logit - best), Name, new SignalEvidence(EvidenceKind.LikelyNext)));
        }
    }
}
