using BundleForge.Data;
using BundleForge.Evaluation.Bundles;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Evaluation.Bundles;

/// <summary>Which pairs the bundle-ranking protocol judges and which it excludes, on a folder with and without
/// <c>user_bundle_test.txt</c>.</summary>
public sealed class BundleRankingProtocolTests : IDisposable
{
    private readonly string _dir = Fixture.TempDir();

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    private Dataset Write(bool withTest)
    {
        File.WriteAllText(Path.Combine(_dir, "bundle_item.txt"), "0\t0\n0\t1\n1\t1\n1\t2\n2\t2\n2\t3\n3\t3\n3\t0\n");
        File.WriteAllText(Path.Combine(_dir, "user_item.txt"), "0\t0\n1\t1\n2\t2\n");
        File.WriteAllText(Path.Combine(_dir, "user_bundle_train.txt"), "0\t0\n1\t1\n2\t2\n");
        // User 0's tune pair 1; user 1's tune pair repeats a train pair (no test of anything).
        File.WriteAllText(Path.Combine(_dir, "user_bundle_tune.txt"), "0\t1\n1\t1\n");
        var test = Path.Combine(_dir, "user_bundle_test.txt");
        if (withTest)
            File.WriteAllText(test, "0\t1\n0\t2\n2\t3\n");
        else if (File.Exists(test))
            File.Delete(test);
        return DatasetLoader.Load(new LoadRequest { Path = _dir, Format = DataFormat.CrossCbr });
    }

    [Fact]
    public void Without_a_test_file_the_folder_loads_and_the_protocol_judges_tune()
    {
        var data = Write(withTest: false);
        Assert.Empty(data.Bundles!.Test);
        var protocol = BundleRankingProtocol.For(data.Bundles, data.Users.Count);
        Assert.Equal(BundleRankingSplit.Tune, protocol.Split);
        // User 1's only tune pair is a train pair: not a test of anything, so only user 0 is judged.
        Assert.Equal([data.Users.IndexOf("0")], protocol.Users);
        Assert.Equal([Array.IndexOf(data.Bundles.Ids, "1")], protocol.TruthOf(0).ToArray());
        Assert.Equal([Array.IndexOf(data.Bundles.Ids, "0")], protocol.KnownOf(0).ToArray());
        var e = Assert.Throws<DataException>(() => BundleRankingProtocol.For(data.Bundles, data.Users.Count, BundleRankingSplit.Test));
        Assert.Equal("--split", e.Field);
        Assert.Contains("--split tune", e.Message);
    }

    [Fact]
    public void On_test_only_the_train_bundles_are_excluded_as_in_crosscbr_so_a_tune_bundle_is_ranked()
    {
        var data = Write(withTest: true);
        var protocol = BundleRankingProtocol.For(data.Bundles!, data.Users.Count);
        Assert.Equal(BundleRankingSplit.Test, protocol.Split);
        int u0 = data.Users.IndexOf("0");
        int x = protocol.Users.ToList().IndexOf(u0);
        string Id(int b) => data.Bundles!.Ids[b];
        // User 0 took 0 in train and 1 in tune: CrossCBR masks train only, so 1 stays in the ranking and its test pair
        // (0, 1) is judged like any other.
        Assert.Equal(["0"], protocol.KnownOf(x).ToArray().Select(Id));
        Assert.Equal(["1", "2"], protocol.TruthOf(x).ToArray().Select(Id));
        Assert.Equal(2, protocol.Users.Count);
        // The tune split is still there to choose on.
        Assert.Equal(BundleRankingSplit.Tune, BundleRankingProtocol.For(data.Bundles!, data.Users.Count, BundleRankingSplit.Tune).Split);
    }

    [Fact]
    public void Excluded_bundles_never_appear_and_ties_go_to_the_smaller_bundle()
    {
        var data = Write(withTest: true);
        var protocol = BundleRankingProtocol.For(data.Bundles!, data.Users.Count);
        // Every bundle scores the same: the ranking is by bundle index, minus the user's train bundles. User 0 (train
        // 0; test 1 and 2) gets 1, 2, 3: two hits at ranks 1 and 2. User 2 (train 2; test 3) gets 0, 1, 3: a hit at rank 3.
        var m = protocol.Evaluate(new Flat(), [1, 3]);
        Assert.Equal((1.0 / 2 + 0) / 2, m.RecallAt(1), 12);
        Assert.Equal(1.0, m.RecallAt(3), 12);
        // NDCG@1: user 0's ideal is one hit at rank 1 (min(k, 2) = 1), and it has it; user 2 has none.
        Assert.Equal((1.0 + 0) / 2, m.NdcgAt(1), 12);
        // NDCG@3: user 0 has the ideal (ranks 1, 2 of its 2); user 2's one hit at rank 3 is worth 1/log2(4) = 0.5.
        Assert.Equal((1.0 + 0.5) / 2, m.NdcgAt(3), 12);
    }

    private sealed class Flat : IBundleScorer
    {
        public void Score(int user, Span<float> scores) => scores.Fill(1f);
    }
}
