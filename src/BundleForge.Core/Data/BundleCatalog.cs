namespace BundleForge.Data;

/// <summary>Predefined bundles (<c>bundle_id</c> → items) and user–bundle interactions split into train, tune and test.</summary>
public sealed class BundleCatalog
{
    public BundleCatalog(string[] ids, int[] offsets, int[] items, (int User, int Bundle)[] train, (int User, int Bundle)[] tune, (int User, int Bundle)[] test)
    {
        Ids = ids;
        Offsets = offsets;
        Items = items;
        Train = train;
        Tune = tune;
        Test = test;
    }

    public int Count => Ids.Length;
    public string[] Ids { get; }
    public int[] Offsets { get; }
    public int[] Items { get; }
    public ReadOnlySpan<int> this[int bundle] => Items.AsSpan(Offsets[bundle], Offsets[bundle + 1] - Offsets[bundle]);
    public (int User, int Bundle)[] Train { get; }
    public (int User, int Bundle)[] Tune { get; }
    public (int User, int Bundle)[] Test { get; }
}
