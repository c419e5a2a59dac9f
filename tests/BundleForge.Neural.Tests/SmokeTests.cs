using static TorchSharp.torch;
namespace BundleForge.Neural.Tests;
public class SmokeTests
{
    [Fact]
    public void Loads()
    {
        var t = ones(3, 3);
        Assert.Equal(9f, t.sum().item<float>());
    }
}
