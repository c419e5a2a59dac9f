using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

public sealed class RuleFileWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bf-rules-" + Guid.NewGuid().ToString("N"));

    public RuleFileWriterTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly AssociationRule[] Rules = [new([0], [1], 40, 50, 60, 100)];

    [Fact]
    public void Writes_the_rules_with_the_shops_ids_and_no_temporary_file()
    {
        var path = Path.Combine(_dir, "rules.txt");
        RuleFileWriter.Write(path, Rules, ["39", "48"]);
        Assert.Equal(["39 ==> 48 #SUP: 40 #CONF: 0.8 #LIFT: 1.333333 #LEV: 0.1 #CONV: 2"], File.ReadAllLines(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void A_stopped_write_leaves_the_earlier_file_as_it_was()
    {
        var path = Path.Combine(_dir, "rules.txt");
        File.WriteAllText(path, "earlier\n");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => RuleFileWriter.Write(path, Rules, ["39", "48"], cancelled.Token));
        Assert.Equal("earlier\n", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }
}
