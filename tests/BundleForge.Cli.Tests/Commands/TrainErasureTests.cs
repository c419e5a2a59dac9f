using BundleForge.Privacy;
using BundleForge.Server.Events;

namespace BundleForge.Cli.Tests.Commands;

/// <summary><c>train --exclude-users</c> and <c>--erasures</c> leave erased users out of a retrained model.</summary>
public sealed class TrainErasureTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();
    private readonly string _data;
    private static readonly Pseudonymizer Keys = new("test-secret-0123456789"u8); // the secret CliRunner sets

    public TrainErasureTests()
    {
        _data = Path.Combine(_dir, "seq.txt");
        File.WriteAllLines(_data, Enumerable.Range(1, 40).Select(u => u + " " + string.Join(' ', Enumerable.Range(0, 5).Select(k => (u + k) % 12 + 1))));
    }

    private CliRunner.Result Train(params string[] extra) =>
        CliRunner.Run(["train", "--data", _data, "--format", "seqrec", "--models", "baseline", "--out", Path.Combine(_dir, "model"), "--json", .. extra]);

    [Fact]
    public void Users_from_a_file_and_from_the_servers_erasure_list_are_left_out()
    {
        var all = Train();
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Equal(40, all.Json.GetProperty("models").GetProperty("baseline").GetProperty("profiles").GetInt32());
        Assert.False(all.Json.TryGetProperty("excluded_users", out _));
        Assert.True(Contains(Keys.Key("7")) && Contains(Keys.Key("8")));

        var list = Path.Combine(_dir, "erased.txt");
        File.WriteAllLines(list, ["# erased on request", "7", "", "no-such-user"]);
        var db = Path.Combine(_dir, "events.db");
        using (var store = new EventStore(db))
            store.RecordErasure(Keys.Key("8"));

        var without = Train("--exclude-users", list, "--erasures", db);
        Assert.True(without.ExitCode == 0, without.Stderr);
        Assert.Equal(2, without.Json.GetProperty("excluded_users").GetInt32());
        Assert.Equal(38, without.Json.GetProperty("models").GetProperty("baseline").GetProperty("profiles").GetInt32());
        Assert.False(Contains(Keys.Key("7")));
        Assert.False(Contains(Keys.Key("8")));
        Assert.True(Contains(Keys.Key("9")));
    }

    [Fact]
    public void A_missing_list_is_a_user_error()
    {
        var r = Train("--erasures", Path.Combine(_dir, "nope.db"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("event store file does not exist", r.Stderr);
    }

    private bool Contains(string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(Path.Combine(_dir, "model"), "*", SearchOption.AllDirectories)
            .Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
    }

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }
}
