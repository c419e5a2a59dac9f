using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Embeddings;

/// <summary>Issue 17: new products' behaviour vectors borrowed from their nearest trained items in text space, the
/// standardised blend, and the stored rule.</summary>
public sealed class NewItemScorerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bf-newitems-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, true);
    }

    private static ItemCatalog Catalog(params string[] titles)
    {
        int n = titles.Length;
        var ids = Enumerable.Range(0, n).Select(i => $"I{i}").ToArray();
        return new ItemCatalog(ids, titles.ToArray<string?>(), new string?[n], new string?[n], new float[n], new float[n], new int[n], true);
    }

    [Fact]
    public void A_new_item_borrows_the_similarity_weighted_behaviour_of_its_nearest_trained_items_in_the_pool()
    {
        // Text space 2-d: item 0 (new) at angle 0; items 1 and 2 close to it, item 3 far, item 4 as close as 1 but
        // outside the pool, item 5 close but untrained.
        float[] text =
        [
            1, 0,
            0.96f, 0.28f,
            0.8f, 0.6f,
            0, 1,
            0.96f, -0.28f,
            0.99f, 0.141f,
        ];
        float[] behaviour =
        [
            0, 0, 0,
            1, 0, 0,
            0, 1, 0,
            0, 0, 1,
            0, 0, 1,
            0, 0, 1,
        ];
        bool[] trained = [false, true, true, true, true, false];
        var scorer = new NewItemScorer(text, 2, behaviour, 3, trained, new TitleTfIdf(Catalog("a", "b", "c", "d", "e", "f")));
        bool[] pool = [false, true, true, true, false, true];
        var mapped = new float[3];
        scorer.MapByNeighbours(0, 2, pool, mapped);
        // Items 1 (cos 0.96) and 2 (cos 0.8): (0.96, 0.8, 0) scaled to unit length.
        float norm = MathF.Sqrt(0.96f * 0.96f + 0.8f * 0.8f);
        Assert.Equal(0.96f / norm, mapped[0], 5);
        Assert.Equal(0.8f / norm, mapped[1], 5);
        Assert.Equal(0f, mapped[2], 6);
        // One neighbour: item 1 alone.
        scorer.MapByNeighbours(0, 1, pool, mapped);
        Assert.Equal([1f, 0f, 0f], mapped);
        // An item without text borrows nothing.
        var noText = new NewItemScorer(new float[12], 2, behaviour, 3, trained, new TitleTfIdf(Catalog("a", "b", "c", "d", "e", "f")));
        noText.MapByNeighbours(0, 2, pool, mapped);
        Assert.Equal([0f, 0f, 0f], mapped);
    }

    [Fact]
    public void Signals_follow_the_history_and_the_blend_weighs_standardised_signals()
    {
        var catalog = Catalog("RED LUNCH BAG", "GARDEN TROWEL", "DINOSAUR LUNCH BAG", "GARDEN GLOVES");
        float[] text = [1, 0, 0, 1, 0.9f, 0.436f, 0.3f, 0.954f];
        float[] behaviour = [1, 0, 0, 1, 0, 0, 0, 0];
        var scorer = new NewItemScorer(text, 2, behaviour, 2, [true, true, false, false], new TitleTfIdf(catalog));
        var pool = new bool[] { true, true, false, false };
        int[] candidates = [2, 3];
        var mapped = new float[4];
        scorer.MapByNeighbours(2, 1, pool, mapped.AsSpan(0, 2));
        scorer.MapByNeighbours(3, 1, pool, mapped.AsSpan(2, 2));
        var t = new float[2];
        var w = new float[2];
        var b = new float[2];
        // A customer who bought the red lunch bag: the dinosaur lunch bag wins on every signal.
        scorer.Signals([(0, 1f)], candidates, mapped, t, w, b);
        Assert.True(t[0] > t[1] && w[0] > w[1] && b[0] > b[1]);
        var scores = new float[2];
        NewItemScorer.Blend(new NewItemBlend { TextWeight = 0, WordWeight = 1, BehaviourWeight = 0 }, t, w, b, scores);
        Assert.Equal(1f, scores[0], 5);
        Assert.Equal(-1f, scores[1], 5);
        // A gardener: the gloves win.
        scorer.Signals([(1, 2f)], candidates, mapped, t, w, b);
        NewItemScorer.Blend(new NewItemBlend(), t, w, b, scores);
        Assert.True(scores[1] > scores[0]);

        // A constant signal adds nothing; negative infinity counts as the lowest value.
        var into = new float[3];
        NewItemScorer.AddStandardised([2f, 2f, 2f], 1, into);
        Assert.Equal([0f, 0f, 0f], into);
        NewItemScorer.AddStandardised([1f, float.NegativeInfinity, 3f], 1, into);
        Assert.Equal(into[0], into[1]);
        Assert.True(into[2] > into[0]);
    }

    [Fact]
    public void The_stored_rule_round_trips_is_absent_from_older_folders_and_a_damaged_file_names_itself()
    {
        var dir = Path.Combine(_dir, "model");
        using (var writer = new ModelWriter(dir, "fingerprint", "test"))
        {
            new NewItemBlend { Neighbours = 20, TextWeight = 0.2, WordWeight = 0.7, BehaviourWeight = 0.1, ValidationCases = 12 }
                .Save(writer.PathFor(ItemTextVectors.Component, NewItemBlend.FileName));
            writer.AddComponent(ItemTextVectors.Component, "text-vectors");
            writer.Commit();
        }
        var loaded = NewItemBlend.Load(ModelReader.Open(dir));
        Assert.NotNull(loaded);
        Assert.Equal(20, loaded.Neighbours);
        Assert.Equal(0.7, loaded.WordWeight);
        Assert.Equal(12, loaded.ValidationCases);

        var path = Path.Combine(dir, ItemTextVectors.Component, NewItemBlend.FileName);
        File.WriteAllText(path, "{\"neighbours\": 0}");
        var e = Assert.Throws<DataException>(() => NewItemBlend.Load(ModelReader.Open(dir, verifyChecksums: false)));
        Assert.Contains(NewItemBlend.FileName, e.Message);
        Assert.Equal(path, e.File);
        File.WriteAllText(path, "{ not json");
        Assert.Equal(path, Assert.Throws<DataException>(() => NewItemBlend.Load(ModelReader.Open(dir, verifyChecksums: false))).File);

        File.Delete(path);
        Assert.Null(NewItemBlend.Load(ModelReader.Open(dir, verifyChecksums: false)));
    }
}
