using BundleForge.Data;

namespace BundleForge.Bundles;

/// <summary>Candidates from the user's profile: popular items of the top-level categories the user buys most,
/// scored by the user's share of purchases in that category times the item's log popularity.</summary>
public sealed class ProfileCandidateSource : ICandidateSource
{
    private readonly int[] _top;
    private readonly float[] _logPopularity;
    private readonly string[] _topNames;

    public ProfileCandidateSource(ItemCatalog catalog, ReadOnlySpan<int> itemCounts)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        _top = new int[catalog.Count];
        _logPopularity = new float[catalog.Count];
        for (int i = 0; i < catalog.Count; i++)
        {
            string c = catalog.Categories[i] ?? "";
            int cut = c.IndexOf('>');
            string top = cut < 0 ? c : c[..cut];
            if (!ids.TryGetValue(top, out int id)) { ids[top] = id = ids.Count; names.Add(top); }
            _top[i] = id;
            _logPopularity[i] = i < itemCounts.Length ? MathF.Log(1 + itemCounts[i]) : 0;
        }
        _topNames = names.ToArray();
    }

    public string Name => "profile";

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        if (user.History.Length == 0) return;
        var share = new float[_topNames.Length];
        foreach (int i in user.History) share[_top[i]] += 1f / user.History.Length;
        var scored = new List<(int Item, float Score)>();
        for (int i = 0; i < _top.Length; i++)
        {
            float s = share[_top[i]] * _logPopularity[i];
            if (s > 0) scored.Add((i, s));
        }
        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        for (int k = 0; k < Math.Min(max, scored.Count); k++)
        {
            int i = scored[k].Item;
            into.Add(new Candidate(i, scored[k].Score, Name, $"you often buy {_topNames[_top[i]]}"));
        }
    }
}
