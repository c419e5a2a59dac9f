namespace BundleForge.Cluster.Grains;

/// <summary>The state of <see cref="IServedModelGrain"/>, kept in PostgreSQL by Orleans' ADO.NET grain storage.</summary>
[GenerateSerializer]
public sealed class ServedModel
{
    [Id(0)] public string? Version { get; set; }
    [Id(1)] public long Generation { get; set; }
}
