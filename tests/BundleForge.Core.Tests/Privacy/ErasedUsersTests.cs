using BundleForge.Data;
using BundleForge.Privacy;

namespace BundleForge.Core.Tests.Privacy;

public class ErasedUsersTests
{
    private static readonly Pseudonymizer Keys = new("erasure-test-secret-0123"u8);

    /// <summary>Users a, b, c; a anonymous basket; baskets: a{0,1} b{1,2} anon{0,2} c{2,3} b{0,3}.</summary>
    private static Dataset Shop()
    {
        int[][] lists = [[0, 1], [1, 2], [0, 2], [2, 3], [0, 3]];
        int[] basketUser = [0, 1, -1, 2, 1];
        long[] time = [10, 20, 30, 40, 50];
        var baskets = BasketSet.FromLists(lists, basketUser, time);
        var rows = new List<(int User, int Item, long Time, int Order)>();
        for (int b = 0; b < baskets.Count; b++)
            foreach (var i in baskets[b])
                rows.Add((basketUser[b], i, time[b], b));
        rows.Add((1, 3, 60, -1)); // b viewed item 3
        rows.Sort((x, y) => x.User != y.User ? x.User.CompareTo(y.User) : x.Time.CompareTo(y.Time));
        int n = rows.Count;
        var kinds = rows.Select(r => r.Order < 0 ? EventKind.View : EventKind.Purchase).ToArray();
        var ids = new[] { "A", "B", "C", "D" };
        return new Dataset
        {
            Items = new ItemCatalog(ids, new string?[4], new string?[4], new string?[4], [1, 2, 3, 4], [float.NaN, float.NaN, float.NaN, float.NaN], [-1, -1, -1, -1], false),
            Users = new UserTable(["a", "b", "c"]),
            Interactions = new InteractionTable(rows.Select(r => r.User).ToArray(), rows.Select(r => r.Item).ToArray(), rows.Select(r => r.Time).ToArray(),
                rows.Select(r => r.Order).ToArray(), kinds, Enumerable.Repeat(1f, n).ToArray(), Enumerable.Repeat(float.NaN, n).ToArray()),
            Baskets = baskets,
            Report = new CleaningReport(),
            Format = "test",
            HasRealTime = true,
        };
    }

    [Fact]
    public void Removing_a_user_by_raw_id_drops_their_events_and_baskets_and_renumbers_the_rest()
    {
        var data = Shop();
        var without = ErasedUsers.Remove(data, new HashSet<string> { "b" }, Keys, out int removed);
        Assert.Equal(1, removed);
        Assert.Equal(["a", "c"], without.Users.Ids);
        Assert.Equal(3, without.Baskets.Count);
        Assert.Equal([0, -1, 1], without.Baskets.User);
        Assert.Equal([10L, 30, 40], without.Baskets.Time);
        Assert.Equal(4, without.Items.Count); // item ids stay dense and unchanged
        Assert.DoesNotContain(60L, without.Interactions.Time);
        // Every purchase row still points at its own basket, which holds its item.
        for (int r = 0; r < without.Interactions.Count; r++)
        {
            int b = without.Interactions.Order[r];
            Assert.True(b >= 0 && b < without.Baskets.Count);
            Assert.Contains(without.Interactions.Item[r], without.Baskets[b].ToArray());
            Assert.Equal(without.Baskets.User[b], without.Interactions.User[r]);
        }
        Assert.Equal([2, 3], without.Sequences[1].ToArray()); // c, renumbered from 2 to 1
        Assert.NotEqual(data.Fingerprint, without.Fingerprint);
    }

    [Fact]
    public void Removing_by_pseudonymous_key_works_and_an_unknown_list_changes_nothing()
    {
        var data = Shop();
        var without = ErasedUsers.Remove(data, new HashSet<string> { Keys.Key("a") }, Keys, out int removed);
        Assert.Equal(1, removed);
        Assert.Equal(["b", "c"], without.Users.Ids);
        Assert.Same(data, ErasedUsers.Remove(data, new HashSet<string> { "zed", Keys.Key("zed") }, Keys, out int none));
        Assert.Equal(0, none);
    }
}
