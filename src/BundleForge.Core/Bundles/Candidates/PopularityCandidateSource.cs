namespace BundleForge.Bundles.Candidates;

/// <summary>The shop's best sellers: the non-personalised fallback for unknown visitors and thin histories.</summary>
public sealed class PopularityCandidateSource : ICandidateSource
{
    private readonly int[] _ranked;
    private readonly int[] _counts;

    public PopularityCandidateSource(ReadOnlySpan<int> itemCounts)
    {
        _counts = itemCounts.ToArray();
        _ranked = new int[_counts.Length];
        for (int i = 0; i < _ranked.Length; i++)
            _ranked[i] = i;
        var keys = _counts.Select(c => -c).ToArray();
        Array.Sort(keys, _ranked);
    }

    public string Name => "popular";

    /// <summary>Best sellers count for less than personal signals when both exist.</summary>
    public float Weight => 0.5f;

    public bool IsPersonal => false;

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        for (int k = 0; k < Math.Min(max, _ranked.Length); k++)
        {
            int i = _ranked[k];
            if (_counts[i] == 0)
                break;
            into.Add(new Candidate(i, _counts[i], Name, new SignalEvidence(EvidenceKind.BestSeller)));
        }
    }
}
