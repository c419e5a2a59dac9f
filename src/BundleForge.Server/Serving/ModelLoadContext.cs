using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Server.Serving;

/// <summary>What a component factory gets: the verified model folder and the item catalog every component shares
/// (dense item ids are the same across the components of one model folder), and the server's configuration for
/// component settings (empty in tests that load without a server).</summary>
public sealed record ModelLoadContext(ModelReader Reader, ItemCatalog Catalog)
{
    public Microsoft.Extensions.Configuration.IConfiguration Configuration { get; init; } =
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
}
