namespace BundleForge.Bundles.Candidates;

/// <summary>Candidates from the user's own purchases: items bought before, scored by how often and how recently
/// (each purchase counts <c>RecencyDecay^k</c> for the k-th most recent distinct order time). Shops with regular
/// customers sell mostly what those customers already buy, so "buy again" bundles are the strongest personal signal.</summary>
public sealed class RepurchaseCandidateSource : ICandidateSource
{
    public string Name => "repurchase";

    public float RecencyDecay { get; init; } = 0.9f;

    /// <summary>Weight of this source when merged with the others.</summary>
    public float Weight { get; init; } = 1f;

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        if (user.History.Length == 0)
            return;
        var score = new Dictionary<int, (float Score, int Times)>();
        float w = 1f;
        long lastTime = long.MinValue;
        for (int k = user.History.Length - 1; k >= 0; k--)
        {
            long t = k < user.HistoryTime.Length ? user.HistoryTime[k] : k;
            if (lastTime != long.MinValue && t != lastTime)
                w *= RecencyDecay;
            lastTime = t;
            int i = user.History[k];
            score.TryGetValue(i, out var s);
            score[i] = (s.Score + w, s.Times + 1);
        }
        foreach (var (item, (s, times)) in score.OrderByDescending(kv => kv.Value.Score).Take(max))
            into.Add(new Candidate(item, s, Name, new SignalEvidence(EvidenceKind.BoughtBefore, item, Count: times)));
    }
}
