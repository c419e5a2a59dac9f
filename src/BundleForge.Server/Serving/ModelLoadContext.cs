using BundleForge.Artifacts;

namespace BundleForge.Server.Serving;

/// <summary>What a component factory gets: the verified model folder and the item catalog every component shares
/// (dense item ids are the same across the components of one model folder). Settings a factory needs come through its
/// constructor.</summary>
public sealed record ModelLoadContext(ModelReader Reader, ServingCatalog Catalog);
