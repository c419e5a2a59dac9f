using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

public sealed class FimiBasketReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bf-fimi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "baskets.dat");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Maps_ids_densely_in_first_appearance_order_with_small_and_huge_ids()
    {
        // 2147483647 and 5000000 lie beyond the direct table and go through the sparse map; ids must still be shared.
        var (baskets, ids) = FimiBasketReader.Read(Write("7 3 2147483647\n3 5000000 7\n\n5000000 2147483647 0\n"));
        Assert.Equal(["7", "3", "2147483647", "5000000", "0"], ids);
        Assert.Equal(4, baskets.Count);
        Assert.Equal([0, 1, 2], baskets[0].ToArray());
        Assert.Equal([0, 1, 3], baskets[1].ToArray());
        Assert.Empty(baskets[2].ToArray());
        Assert.Equal([2, 3, 4], baskets[3].ToArray());
    }

    [Fact]
    public void Duplicates_inside_a_basket_count_once_and_crlf_and_tabs_are_separators()
    {
        var (baskets, ids) = FimiBasketReader.Read(Write("4 4 9\t4\r\n9 9\r\n"));
        Assert.Equal(["4", "9"], ids);
        Assert.Equal(2, baskets.Count);
        Assert.Equal([0, 1], baskets[0].ToArray());
        Assert.Equal([1], baskets[1].ToArray());
    }

    [Fact]
    public void Grows_past_its_initial_buffers()
    {
        var lines = new System.Text.StringBuilder();
        for (int b = 0; b < 3000; b++)
            lines.Append(b).Append(' ').Append(b + 1).Append(' ').Append(b * 977 % 70000).Append('\n');
        var (baskets, ids) = FimiBasketReader.Read(Write(lines.ToString()));
        Assert.Equal(3000, baskets.Count);
        for (int b = 0; b < 3000; b += 499)
        {
            var names = baskets[b].ToArray().Select(d => int.Parse(ids[d])).Order().ToArray();
            Assert.Equal(new[] { b, b + 1, b * 977 % 70000 }.Distinct().Order().ToArray(), names);
        }
    }

    [Fact]
    public void A_non_integer_token_names_its_line()
    {
        var e = Assert.Throws<DataException>(() => FimiBasketReader.Read(Write("1 2\n3 x4\n")));
        Assert.Equal(2, e.Line);
        Assert.Contains("integer", e.Message);
    }

    [Fact]
    public void An_id_beyond_int_range_names_its_line()
    {
        var e = Assert.Throws<DataException>(() => FimiBasketReader.Read(Write("1\n2\n2147483648\n")));
        Assert.Equal(3, e.Line);
    }
}
