using BundleForge.Data;

namespace BundleForge.Splits;

/// <summary>A next-basket time split over orders: the history is every order before <see cref="Cut"/>; each user
/// with a history and an order in [<see cref="Cut"/>, <see cref="End"/>) is one case, whose targets are the distinct
/// items of their first order in that period (orders at the same second are one order). <see cref="Create"/> cuts
/// the last days of the data (test); <see cref="Earlier"/> the same number of days just before a cut (validation),
/// so parameters are chosen on a period that never touches the test period.</summary>
public sealed class NextBasketSplit
{
    private readonly int[] _userOffsets;
    private readonly int[] _userBaskets;
    private readonly int[] _targetOffsets;
    private readonly int[] _targets;
    private BasketSet? _history;

    private NextBasketSplit(BasketSet baskets, int itemCount, int userCount, long cut, long end, int days)
    {
        Baskets = baskets;
        ItemCount = itemCount;
        Cut = cut;
        End = end;
        Days = days;
        // Each user's orders before the cut, chronological (ties by index, the order the data lists them).
        var counts = new int[userCount + 1];
        for (int b = 0; b < baskets.Count; b++)
            if (baskets.User[b] >= 0 && baskets.Time[b] < cut)
                counts[baskets.User[b] + 1]++;
        for (int u = 0; u < userCount; u++)
            counts[u + 1] += counts[u];
        _userOffsets = counts;
        _userBaskets = new int[counts[userCount]];
        var cursor = counts.AsSpan(0, userCount).ToArray();
        var first = new long[userCount];
        Array.Fill(first, long.MaxValue);
        for (int b = 0; b < baskets.Count; b++)
        {
            int u = baskets.User[b];
            if (u < 0)
                continue;
            long t = baskets.Time[b];
            if (t < cut)
                _userBaskets[cursor[u]++] = b;
            else if (t < end && t < first[u])
                first[u] = t;
        }
        var times = baskets.Time;
        for (int u = 0; u < userCount; u++)
            _userBaskets.AsSpan(_userOffsets[u], _userOffsets[u + 1] - _userOffsets[u])
                .Sort((a, b) => times[a] != times[b] ? times[a].CompareTo(times[b]) : a.CompareTo(b));

        var targets = new SortedSet<int>[userCount];
        for (int b = 0; b < baskets.Count; b++)
        {
            int u = baskets.User[b];
            if (u >= 0 && baskets.Time[b] == first[u] && _userOffsets[u + 1] > _userOffsets[u])
                foreach (var i in baskets[b])
                    (targets[u] ??= []).Add(i);
        }
        var users = new List<int>();
        var offsets = new List<int> { 0 };
        var flat = new List<int>();
        for (int u = 0; u < userCount; u++)
        {
            if (first[u] == long.MaxValue)
                continue;
            if (targets[u] is null)
            { BuyersWithoutHistory++; continue; }
            users.Add(u);
            flat.AddRange(targets[u]);
            offsets.Add(flat.Count);
        }
        Users = users.ToArray();
        _targetOffsets = offsets.ToArray();
        _targets = flat.ToArray();
    }

    /// <summary>Every order of the data (the history is the part before <see cref="Cut"/>).</summary>
    public BasketSet Baskets { get; }
    /// <summary>Items (dense ids 0 to ItemCount − 1).</summary>
    public int ItemCount { get; }
    /// <summary>Users (dense ids 0 to UserCount − 1).</summary>
    public int UserCount => _userOffsets.Length - 1;
    /// <summary>First unix second of the evaluated period.</summary>
    public long Cut { get; }
    /// <summary>First unix second after the evaluated period.</summary>
    public long End { get; }
    /// <summary>Length of the evaluated period in days.</summary>
    public int Days { get; }
    /// <summary>The user of each case.</summary>
    public int[] Users { get; }
    /// <summary>Users who ordered in the period but never before it (nothing to predict from; not evaluated).</summary>
    public int BuyersWithoutHistory { get; }
    /// <summary>Cases: users with a history and an order in the period.</summary>
    public int CaseCount => Users.Length;

    /// <summary>Indices into <see cref="Baskets"/> of the user's orders before the cut, oldest first.</summary>
    public ReadOnlySpan<int> BasketsOf(int user) => _userBaskets.AsSpan(_userOffsets[user], _userOffsets[user + 1] - _userOffsets[user]);

    /// <summary>Distinct items of case <paramref name="c"/>'s first order in the period, ascending.</summary>
    public ReadOnlySpan<int> TargetsOf(int c) => _targets.AsSpan(_targetOffsets[c], _targetOffsets[c + 1] - _targetOffsets[c]);

    /// <summary>Every order before the cut (anonymous ones included): what a model of this split may learn from.</summary>
    public BasketSet History => _history ??= Baskets.Where(b => Baskets.Time[b] < Cut);

    private int[]? _popularOrder;

    /// <summary>Every item, by the number of orders before the cut holding it, most first (ties to the smaller id): the
    /// popularity baseline's list and the fill of every other list.</summary>
    public int[] PopularOrder()
    {
        if (_popularOrder is { } known)
            return known;
        var counts = new int[ItemCount];
        foreach (var i in History.Items)
            counts[i]++;
        var order = new int[ItemCount];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        return _popularOrder = order;
    }

    /// <summary>The last <paramref name="days"/> days of <paramref name="baskets"/> (which must carry real times) as the
    /// evaluated period, cut as <see cref="TimeSplit"/> and <see cref="TrainingPeriod"/> cut.</summary>
    public static NextBasketSplit Create(BasketSet baskets, int itemCount, int userCount, int days)
    {
        if (days < 1)
            throw new DataException($"The test period must be at least 1 day, not {days}.", field: "--test-days");
        if (baskets.Count == 0)
            throw new DataException("The dataset has no orders to split.");
        long cut = TrainingPeriod.CutOf(baskets.Time.Max(), days);
        return Checked(new NextBasketSplit(baskets, itemCount, userCount, cut, long.MaxValue, days));
    }

    /// <summary>The <paramref name="days"/> days just before this split's cut as the evaluated period (validation),
    /// with the history before them; throws when nobody ordered in both.</summary>
    public NextBasketSplit Earlier(int days)
    {
        if (days < 1)
            throw new DataException($"The validation period must be at least 1 day, not {days}.");
        return Checked(new NextBasketSplit(Baskets, ItemCount, UserCount, Cut - days * 86_400L, Cut, days));
    }

    private static NextBasketSplit Checked(NextBasketSplit split) => split.CaseCount > 0
        ? split
        : throw new DataException($"No customer ordered both before and during the {split.Days} days from {DateTime.UnixEpoch.AddSeconds(split.Cut):yyyy-MM-dd HH:mm:ss} UTC; a next-basket split needs some.");
}
