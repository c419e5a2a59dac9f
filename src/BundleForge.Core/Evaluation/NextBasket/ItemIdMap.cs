namespace BundleForge.Evaluation.NextBasket;

/// <summary>Dense item ids of the evaluated data matched to a model folder's by shop id, both ways (−1 where the other
/// side does not know the item).</summary>
public sealed class ItemIdMap
{
    /// <summary>The map between <paramref name="dataIds"/> and <paramref name="modelIds"/>.</summary>
    public ItemIdMap(IReadOnlyList<string> dataIds, IReadOnlyList<string> modelIds)
    {
        var index = new Dictionary<string, int>(modelIds.Count, StringComparer.Ordinal);
        for (int i = 0; i < modelIds.Count; i++)
            index.TryAdd(modelIds[i], i);
        ToModel = new int[dataIds.Count];
        ToData = new int[modelIds.Count];
        Array.Fill(ToData, -1);
        for (int i = 0; i < dataIds.Count; i++)
        {
            ToModel[i] = index.TryGetValue(dataIds[i], out var m) ? m : -1;
            if (ToModel[i] >= 0)
                ToData[ToModel[i]] = i;
        }
    }

    /// <summary>Model id of each data item, or −1.</summary>
    public int[] ToModel { get; }
    /// <summary>Data id of each model item, or −1.</summary>
    public int[] ToData { get; }

    /// <summary>Maps a list of model items to data items in place, dropping the unknown; returns the new length.</summary>
    public int ListToData(Span<int> items, int count)
    {
        int n = 0;
        for (int r = 0; r < count; r++)
            if (ToData[items[r]] is var d && d >= 0)
                items[n++] = d;
        return n;
    }
}
