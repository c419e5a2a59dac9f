namespace BundleForge.Data;

/// <summary>The shop's user ids per dense user id. Raw ids live only in memory and in the user's own store;
/// artifacts hold <see cref="Privacy.Pseudonymizer"/> keys instead.</summary>
public sealed class UserTable
{
    private Dictionary<string, int>? _index;

    public UserTable(string[] ids) => Ids = ids;

    public int Count => Ids.Length;
    public string[] Ids { get; }

    /// <summary>Dense id of the shop's user id, or -1.</summary>
    public int IndexOf(string id)
    {
        _index ??= ItemCatalog.BuildIndex(Ids);
        return _index.TryGetValue(id, out var i) ? i : -1;
    }
}
