using BundleForge.Artifacts;
using BundleForge.Privacy;
using BundleForge.Server.Baseline;

namespace BundleForge.Server.Serving;

/// <summary>One loaded, verified model version and the component chosen for each capability. Immutable: a reload
/// builds a new one and swaps it in, so a request keeps the version it started with.</summary>
public sealed class ServingModel
{
    private ServingModel(ModelReader reader, BaselineComponent baseline, IReadOnlyList<IServingComponent> components, bool pseudonymsMatch)
    {
        Reader = reader;
        Baseline = baseline;
        Components = components;
        PseudonymsMatch = pseudonymsMatch;
        Recommender = Pick<IRecommender>()!;
        Together = Pick<IFrequentlyBoughtTogether>()!;
        Profiles = Pick<IUserProfiles>()!;
        BundleOffers = Pick<IBundleOffers>();
        Pricer = Pick<IBundlePricer>();
    }

    public ModelReader Reader { get; }
    public string Version => Reader.Manifest.ModelVersion;
    public string Directory => Reader.Directory;
    public ServingCatalog Catalog => Baseline.Model.Catalog;
    public BaselineComponent Baseline { get; }
    /// <summary>Every loaded component, the baseline first.</summary>
    public IReadOnlyList<IServingComponent> Components { get; }
    /// <summary>False when the model's user keys were made under another pseudonymisation secret than the server's
    /// (then every user looks unknown).</summary>
    public bool PseudonymsMatch { get; }
    public IRecommender Recommender { get; }
    public IFrequentlyBoughtTogether Together { get; }
    public IUserProfiles Profiles { get; }
    /// <summary>Null until a bundle engine component is in the model.</summary>
    public IBundleOffers? BundleOffers { get; }
    /// <summary>Null until a bundle pricer component is in the model.</summary>
    public IBundlePricer? Pricer { get; }

    /// <summary>Serialized answers that depend on nothing but this model version (item frequently-bought-together),
    /// so a hot product page costs a lookup; bounded by <see cref="MaxCachedResponses"/>, gone with the version.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<long, byte[]> ResponseCache { get; } = new();

    public const int MaxCachedResponses = 200_000;

    /// <summary>Opens <paramref name="directory"/> (verifying every checksum) and loads its components; any problem
    /// is a <see cref="DataException"/> and nothing is served from it.</summary>
    public static ServingModel Load(string directory, Pseudonymizer pseudonymizer, IReadOnlyList<IServingComponentFactory>? factories = null)
    {
        var reader = ModelReader.Open(directory);
        var baseline = new BaselineComponent(BaselineModel.Load(reader));
        var components = new List<IServingComponent> { baseline };
        var context = new ModelLoadContext(reader, baseline.Model.Catalog);
        foreach (var f in (factories ?? ServingComponents.All).OrderBy(f => f.Priority))
            if (reader.Has(f.ComponentName)) components.Add(f.Load(context));
        var probe = reader.Manifest.Components[BaselineModel.ComponentName].Parameters["pseudonym_probe"]?.GetValue<string>();
        bool match = probe is null || probe == pseudonymizer.Key(BaselineModel.PseudonymProbe);
        return new ServingModel(reader, baseline, components, match);
    }

    private T? Pick<T>() where T : class
    {
        // Components are in ascending priority, so the last one offering T wins.
        T? chosen = null;
        foreach (var c in Components) if (c is T t) chosen = t;
        return chosen;
    }
}
