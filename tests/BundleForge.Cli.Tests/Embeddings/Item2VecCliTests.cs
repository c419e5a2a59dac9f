namespace BundleForge.Cli.Tests.Embeddings;

/// <summary>train --models item2vec, similar and evaluate --task basket-completion through the real executable on a
/// generated fimi file: items 0–9 and 10–19 form two groups that are only bought within the group.</summary>
public sealed class Item2VecCliTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private string Baskets()
    {
        var random = new Random(3);
        var lines = new List<string>();
        for (int b = 0; b < 1500; b++)
        {
            int g = random.Next(2) * 10;
            var items = Enumerable.Range(0, 10).OrderBy(_ => random.Next()).Take(random.Next(2, 5)).Select(i => (g + i).ToString());
            lines.Add(string.Join(' ', items));
        }
        var path = Path.Combine(_dir, "baskets.dat");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Train_similar_and_evaluate_work_end_to_end()
    {
        var data = Baskets();
        var model = Path.Combine(_dir, "model");
        var train = CliRunner.Run("train", "--data", data, "--format", "fimi", "--models", "item2vec", "--out", model,
            "--dim", "16", "--epochs", "10", "--sample", "0", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var t = train.Json;
        Assert.True(t.GetProperty("words_per_second").GetDouble() > 0);
        Assert.True(t.GetProperty("seconds").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(model, "item2vec", "input.vec")));

        var similar = CliRunner.Run("similar", "--model", model, "--item", "3", "-k", "5", "--json");
        Assert.True(similar.ExitCode == 0, similar.Stderr);
        var ids = similar.Json.GetProperty("results").EnumerateArray().Select(r => int.Parse(r.GetProperty("item").GetString()!)).ToList();
        Assert.Equal(5, ids.Count);
        Assert.All(ids, i => Assert.InRange(i, 0, 9)); // the same group
        var complements = CliRunner.Run("similar", "--model", model, "--item", "13", "--kind", "complement", "-k", "3", "--json");
        Assert.True(complements.ExitCode == 0, complements.Stderr);
        Assert.All(complements.Json.GetProperty("results").EnumerateArray(), r => Assert.InRange(int.Parse(r.GetProperty("item").GetString()!), 10, 19));

        var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", data, "--format", "fimi", "--task", "basket-completion", "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        var e = evaluate.Json;
        Assert.Equal("basket-completion", e.GetProperty("task").GetString());
        double blend = e.GetProperty("metrics").GetProperty("hr@10").GetDouble();
        double popularity = e.GetProperty("baselines").GetProperty("popularity").GetProperty("hr@10").GetDouble();
        Assert.True(e.GetProperty("baselines").TryGetProperty("cooccurrence", out _));
        Assert.True(e.GetProperty("baselines").TryGetProperty("item2vec", out _));
        Assert.True(e.GetProperty("metrics").TryGetProperty("tail", out _));
        Assert.True(blend > popularity, $"blend {blend} popularity {popularity}");
    }

    [Fact]
    public void Unknown_items_and_corrupted_vectors_are_one_line_errors()
    {
        var data = Baskets();
        var model = Path.Combine(_dir, "model");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--format", "fimi", "--models", "item2vec", "--out", model, "--dim", "8", "--epochs", "1", "--json").ExitCode);
        var unknown = CliRunner.Run("similar", "--model", model, "--item", "no-such-item");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown item 'no-such-item'", unknown.Stderr);
        Assert.Equal(2, CliRunner.Run("train", "--data", data, "--format", "fimi", "--models", "item2vec", "--out", Path.Combine(_dir, "m2"), "--dim", "0").ExitCode);

        var vec = Path.Combine(model, "item2vec", "input.vec");
        var bytes = File.ReadAllBytes(vec);
        bytes[40] ^= 0x55;
        File.WriteAllBytes(vec, bytes);
        var corrupted = CliRunner.Run("similar", "--model", model, "--item", "3");
        Assert.Equal(2, corrupted.ExitCode);
        Assert.Contains("Checksum mismatch", corrupted.Stderr);
        Assert.DoesNotContain("   at ", corrupted.Stderr);
    }
}
