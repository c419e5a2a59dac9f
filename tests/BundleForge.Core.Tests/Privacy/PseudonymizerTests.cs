using BundleForge.Privacy;

namespace BundleForge.Core.Tests.Privacy;

public class PseudonymizerTests
{
    [Fact]
    public void SameSecretSameKey_OtherSecretOtherKey_NeverTheRawId()
    {
        var a = new Pseudonymizer("0123456789abcdef0123"u8);
        var b = new Pseudonymizer("another secret of enough length"u8);
        Assert.Equal(a.Key("17850"), a.Key("17850"));
        Assert.NotEqual(a.Key("17850"), a.Key("17851"));
        Assert.NotEqual(a.Key("17850"), b.Key("17850"));
        Assert.Equal(32, a.Key("17850").Length);
        Assert.DoesNotContain("17850", a.Key("17850"));
    }

    [Fact]
    public void ShortSecret_IsRefused() => Assert.Throws<DataException>(() => new Pseudonymizer("short"u8));
}
