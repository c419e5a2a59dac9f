using BundleForge.Data;

namespace BundleForge.Bundles.Candidates;

/// <summary>Candidates from the user's profile: popular items of the top-level categories the user buys most,
/// scored by the user's share of purchases in that category times the item's log popularity. Each category's items
/// are kept sorted by popularity, so a request reads only the heads of the categories the user buys.</summary>
public sealed class ProfileCandidateSource : ICandidateSource
{
    private readonly int[] _top;
    private readonly float[] _logPopularity;
    private readonly int[][] _byPopularity;
    private readonly string[] _names;

    public ProfileCandidateSource(ItemCatalog catalog, ReadOnlySpan<int> itemCounts)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var members = new List<List<int>>();
        _top = new int[catalog.Count];
        _logPopularity = new float[catalog.Count];
        for (int i = 0; i < catalog.Count; i++)
        {
            string top = CategoryPath.TopLevel(catalog.Categories[i]);
            if (!ids.TryGetValue(top, out int id))
            { ids[top] = id = ids.Count; names.Add(top); members.Add([]); }
            _top[i] = id;
            _logPopularity[i] = i < itemCounts.Length ? MathF.Log(1 + itemCounts[i]) : 0;
            if (_logPopularity[i] > 0)
                members[id].Add(i);
        }
        _byPopularity = new int[members.Count][];
        for (int t = 0; t < members.Count; t++)
        {
            var list = members[t].ToArray();
            Array.Sort(list, (a, b) => _logPopularity[a] != _logPopularity[b] ? _logPopularity[b].CompareTo(_logPopularity[a]) : a.CompareTo(b));
            _byPopularity[t] = list;
        }
        _names = names.ToArray();
    }

    public string Name => "profile";

    public void Collect(UserContext user, int max, List<Candidate> into)
    {
        if (user.History.Length == 0 || max <= 0)
            return;
        var share = new Dictionary<int, float>();
        foreach (int i in user.History)
            share[_top[i]] = share.GetValueOrDefault(_top[i]) + 1f / user.History.Length;
        // The best `max` of the union are among the first `max` of each category.
        var scored = new List<(int Item, float Score)>();
        foreach (var (top, s) in share)
        {
            var items = _byPopularity[top];
            for (int k = 0; k < Math.Min(max, items.Length); k++)
                scored.Add((items[k], s * _logPopularity[items[k]]));
        }
        scored.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        for (int k = 0; k < Math.Min(max, scored.Count); k++)
        {
            int i = scored[k].Item;
            into.Add(new Candidate(i, scored[k].Score, Name, new SignalEvidence(EvidenceKind.BuysCategory, Group: _names[_top[i]])));
        }
    }
}
