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
    public void On_test_the_train_and_tune_bundles_are_excluded_and_a_test_pair_already_known_is_dropped()
    {
        var data = Write(withTest: true);
        var protocol = BundleRankingProtocol.For(data.Bundles!, data.Users.Count);
        Assert.Equal(BundleRankingSplit.Test, protocol.Split);
        int u0 = data.Users.IndexOf("0");
        int x = protocol.Users.ToList().IndexOf(u0);
        string Id(int b) => data.Bundles!.Ids[b];
        // User 0 took 0 in train and 1 in tune: both are excluded, and the test pair (0, 1) is no test.
        Assert.Equal(["0", "1"], protocol.KnownOf(x).ToArray().Select(Id));
        Assert.Equal(["2"], protocol.TruthOf(x).ToArray().Select(Id));
        Assert.Equal(2, protocol.Users.Count);
        // The tune split is still there to choose on.
        Assert.Equal(BundleRankingSplit.Tune, BundleRankingProtocol.For(data.Bundles!, data.Users.Count, BundleRankingSplit.Tune).Split);
    }

    [Fact]
    public void Excluded_bundles_never_appear_and_ties_go_to_the_smaller_bundle()
    {
        var data = Write(withTest: true);
        var protocol = BundleRankingProtocol.For(data.Bundles!, data.Users.Count);
        // Every bundle scores the same: the ranking is by bundle index, minus the user's known bundles. User 0 (known
        // 0 and 1) gets 2 first, its test bundle; user 2 (known 2) gets 0 first, and its test bundle 3 third.
        var m = protocol.Evaluate(new Flat(), [1, 3]);
        Assert.Equal(0.5, m.RecallAt(1), 12);
        Assert.Equal(1.0, m.RecallAt(3), 12);
        Assert.Equal((1 + 1 / Math.Log2(4)) / 2, m.NdcgAt(3), 12);
    }

    private sealed class Flat : IBundleScorer
    {
        public void Score(int user, Span<float> scores) => scores.Fill(1f);
    }
}
