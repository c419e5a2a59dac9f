using BundleForge.Data;

namespace BundleForge.Bundles;

/// <summary>Who the bundles are for: the dense user (or -1 for an unknown visitor), their purchase history, the cart
/// and the item being looked at, their price sensitivity (1 = average, 2 = reacts twice as strongly to price) and
/// the pricing segment feedback is pooled by.</summary>
public sealed class UserContext
{
    /// <summary>Dense user id, -1 when unknown.</summary>
    public int User { get; init; } = -1;
    /// <summary>Purchased items, oldest first (repeats kept).</summary>
    public int[] History { get; init; } = [];
    /// <summary>Unix seconds of each <see cref="History"/> entry (same length, or empty when unknown).</summary>
    public long[] HistoryTime { get; init; } = [];
    public int[] Cart { get; init; } = [];
    /// <summary>The item being looked at, or -1; every bundle then contains it.</summary>
    public int Anchor { get; init; } = -1;
    public float PriceSensitivity { get; init; } = 1f;
    public string Segment { get; init; } = "standard";
    /// <summary>"Now" for recency wording, Unix seconds (0: the last history time).</summary>
    public long Now { get; init; }

    public bool IsKnown => User >= 0;

    /// <summary>An unknown visitor (non-personalised bundles).</summary>
    public static UserContext Anonymous { get; } = new();

    /// <summary>How many times the user bought <paramref name="item"/>.</summary>
    public int TimesBought(int item)
    {
        int n = 0;
        foreach (int i in History)
            if (i == item)
                n++;
        return n;
    }

    /// <summary>Unix time of the user's last purchase of <paramref name="item"/>, or -1.</summary>
    public long LastBought(int item)
    {
        for (int k = History.Length - 1; k >= 0; k--)
            if (History[k] == item)
                return k < HistoryTime.Length ? HistoryTime[k] : -1;
        return -1;
    }

    /// <summary>Builds the context of dense user <paramref name="user"/> from a dataset, estimating price
    /// sensitivity from what they paid relative to their categories' median prices.</summary>
    public static UserContext FromDataset(Dataset data, int user, int[]? cart = null, int anchor = -1, UserPriceProfile? prices = null)
    {
        if (user < 0)
            return new UserContext { Cart = cart ?? [], Anchor = anchor };
        var seq = data.Sequences;
        var items = seq[user].ToArray();
        var times = seq.Time.AsSpan(seq.Offsets[user], items.Length).ToArray();
        prices ??= UserPriceProfile.Build(data.Items);
        float sensitivity = prices.SensitivityOf(items);
        return new UserContext
        {
            User = user,
            History = items,
            HistoryTime = times,
            Cart = cart ?? [],
            Anchor = anchor,
            PriceSensitivity = sensitivity,
            Segment = UserPriceProfile.SegmentOf(sensitivity),
            Now = times.Length > 0 ? times[^1] : 0,
        };
    }
}
