using System.Text;
using BundleForge.Data;

namespace BundleForge.Artifacts;

/// <summary>The <c>catalog</c> component every model folder carries: item ids, titles, category paths, brands, list
/// prices, costs and stock, so serving and pricing need no raw data.</summary>
public static class CatalogComponent
{
    public const string Component = "catalog";
    private const string FileName = "catalog.bin";
    private static readonly byte[] Magic = "BFCATLG\0"u8.ToArray();
    private const int FormatVersion = 1;

    public static void Save(ModelWriter writer, ItemCatalog items)
    {
        using (var w = new BinaryWriter(File.Create(writer.PathFor(Component, FileName)), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(items.Count);
            w.Write(items.CostAssumed);
            for (int i = 0; i < items.Count; i++)
            {
                w.Write(items.Ids[i]);
                WriteNullable(w, items.Titles[i]);
                WriteNullable(w, items.Categories[i]);
                WriteNullable(w, items.Brands[i]);
                w.Write(items.Price[i]);
                w.Write(items.Cost[i]);
                w.Write(items.Stock[i]);
            }
        }
        writer.AddComponent(Component, "catalog", new System.Text.Json.Nodes.JsonObject { ["items"] = items.Count, ["cost_assumed"] = items.CostAssumed });
    }

    public static ItemCatalog Load(ModelReader reader)
    {
        var path = reader.PathOf(Component, FileName);
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new DataException("Not a BundleForge catalog file.", path);
            int version = r.ReadInt32();
            if (version != FormatVersion) throw new DataException($"Unsupported catalog format version {version}.", path);
            int n = r.ReadInt32();
            if (n < 0) throw new DataException("Corrupted catalog file (negative item count).", path);
            bool assumed = r.ReadBoolean();
            var ids = new string[n]; var titles = new string?[n]; var cats = new string?[n]; var brands = new string?[n];
            var price = new float[n]; var cost = new float[n]; var stock = new int[n];
            for (int i = 0; i < n; i++)
            {
                ids[i] = r.ReadString();
                titles[i] = ReadNullable(r);
                cats[i] = ReadNullable(r);
                brands[i] = ReadNullable(r);
                price[i] = r.ReadSingle();
                cost[i] = r.ReadSingle();
                stock[i] = r.ReadInt32();
            }
            return new ItemCatalog(ids, titles, cats, brands, price, cost, stock, assumed);
        }
        catch (EndOfStreamException) { throw new DataException("The catalog file is truncated.", path); }
    }

    private static void WriteNullable(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    private static string? ReadNullable(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
}
