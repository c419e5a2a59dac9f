using BundleForge.Data;

namespace BundleForge.Artifacts;

/// <summary>The <c>catalog</c> component every model folder carries: item ids, titles, category paths, brands, list
/// prices, costs and stock, so serving and pricing need no raw data.</summary>
public static class CatalogComponent
{
    public const string Component = "catalog";
    private const string FileName = "catalog.bin";
    private static ReadOnlySpan<byte> Magic => "BFCATLG\0"u8;
    private const int FormatVersion = 1;
    /// <summary>The fewest bytes an item takes: an empty id, three absent strings, price, cost and stock.</summary>
    private const int ItemBytes = 1 + 3 + 4 + 4 + 4;

    public static void Save(ModelWriter writer, ItemCatalog items)
    {
        using (var w = ArtifactCodec.Create(writer.PathFor(Component, FileName), Magic, FormatVersion))
        {
            w.Write(items.Count);
            w.Write(items.CostAssumed);
            for (int i = 0; i < items.Count; i++)
            {
                w.Write(items.Ids[i]);
                w.WriteNullable(items.Titles[i]);
                w.WriteNullable(items.Categories[i]);
                w.WriteNullable(items.Brands[i]);
                w.Write(items.Price[i]);
                w.Write(items.Cost[i]);
                w.Write(items.Stock[i]);
            }
        }
        writer.AddComponent(Component, "catalog", new System.Text.Json.Nodes.JsonObject { ["items"] = items.Count, ["cost_assumed"] = items.CostAssumed });
    }

    public static ItemCatalog Load(ModelReader reader)
    {
        using var r = ArtifactCodec.Open(reader.PathOf(Component, FileName), Magic, FormatVersion, "catalog");
        int n = r.ReadCount(ItemBytes);
        bool assumed = r.ReadBoolean();
        var ids = new string[n];
        var titles = new string?[n];
        var cats = new string?[n];
        var brands = new string?[n];
        var price = new float[n];
        var cost = new float[n];
        var stock = new int[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = r.ReadString();
            titles[i] = r.ReadNullableString();
            cats[i] = r.ReadNullableString();
            brands[i] = r.ReadNullableString();
            price[i] = r.ReadSingle();
            cost[i] = r.ReadSingle();
            stock[i] = r.ReadInt32();
        }
        r.ExpectEnd();
        return new ItemCatalog(ids, titles, cats, brands, price, cost, stock, assumed);
    }
}
