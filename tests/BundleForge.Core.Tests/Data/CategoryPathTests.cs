using BundleForge.Data;

namespace BundleForge.Core.Tests.Data;

public class CategoryPathTests
{
    [Fact]
    public void SplitsTruncatesAndComparesPaths()
    {
        Assert.Equal("Home", CategoryPath.TopLevel(" Home > Kitchen>Mugs"));
        Assert.Equal("", CategoryPath.TopLevel(null));
        Assert.Equal(["Home", "Kitchen", "Mugs"], CategoryPath.Levels("Home > Kitchen >> Mugs "));
        Assert.Empty(CategoryPath.Levels("  "));
        Assert.Equal("Home>Kitchen", CategoryPath.Truncate("Home>Kitchen>Mugs", 2));
        Assert.Equal("Home>Kitchen>Mugs", CategoryPath.Truncate("Home>Kitchen>Mugs", 0));
        Assert.Equal("Home>Kitchen>Mugs", CategoryPath.Truncate("Home>Kitchen>Mugs", 5));
        Assert.Equal("Mugs", CategoryPath.Leaf("Home>Kitchen> Mugs"));
        Assert.True(CategoryPath.IsUnder("Home>Kitchen", "Home"));
        Assert.True(CategoryPath.IsUnder("Home", "Home"));
        Assert.False(CategoryPath.IsUnder("Homeware>Cups", "Home"));
    }
}
