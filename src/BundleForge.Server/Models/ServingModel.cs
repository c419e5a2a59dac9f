using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Data;
using BundleForge.Privacy;
using BundleForge.Server.Baseline;
using BundleForge.Server.Components;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Models;

/// <summary>One loaded, verified model version and the component chosen for each capability. Immutable: a reload
/// builds a new one and swaps it in, so a request keeps the version it started with. Requests hold it through a
/// <see cref="ModelLease"/>; <see cref="Dispose"/> retires it (its background work stops at once) and its native
/// resources are released when the last lease is returned.</summary>
public sealed class ServingModel : IDisposable
{
    private readonly CancellationTokenSource _retired;
    private readonly ICollection<IDisposable> _owned;
    private readonly TaskCompletionSource _freed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // The creator's hold plus one per lease; the version is freed when it drops to zero and never held again.
    private int _holders = 1;
    private int _retiredFlag;

    private ServingModel(ModelReader reader, BaselineComponent baseline, IReadOnlyList<IServingComponent> components, bool pseudonymsMatch,
        IReadOnlyList<UnavailableComponent> unavailable, IReadOnlyList<string> recommenderOrder, CancellationTokenSource retired, ICollection<IDisposable> owned)
    {
        Reader = reader;
        Baseline = baseline;
        Components = components;
        PseudonymsMatch = pseudonymsMatch;
        Unavailable = unavailable;
        _retired = retired;
        _owned = owned;
        var recommenders = new List<IRecommender>();
        foreach (var name in recommenderOrder)
            foreach (var c in components)
                if (c is IRecommender r && c.Name == name && !recommenders.Contains(r))
                    recommenders.Add(r);
        if (!recommenders.Contains(baseline))
            recommenders.Add(baseline);
        Recommenders = recommenders;
        Recommender = recommenders[0];
        Together = Pick<IFrequentlyBoughtTogether>()!;
        Profiles = Pick<IPurchaseHistories>()!;
        BundleOffers = Pick<IBundleOffers>();
        Pricer = Pick<IBundlePricer>();
        ItemSearch = Pick<IItemSearch>() ?? new LetterItemSearch(baseline.Model.Catalog, baseline.PopularItems);
        NewItems = Pick<INewItems>();
    }

    public ModelReader Reader { get; }
    public string Version => Reader.Manifest.ModelVersion;
    public string Directory => Reader.Directory;
    public ItemCatalog Catalog => Baseline.Model.Catalog;
    public BaselineComponent Baseline { get; }
    /// <summary>Every loaded component, the baseline first.</summary>
    public IReadOnlyList<IServingComponent> Components { get; }
    /// <summary>False when the model's user keys were made under another pseudonymisation secret than the server's
    /// (then every user looks unknown).</summary>
    public bool PseudonymsMatch { get; }
    /// <summary>The components the model has but this server could not run (logged as warnings at load).</summary>
    public IReadOnlyList<UnavailableComponent> Unavailable { get; }
    /// <summary>Users of the erasure list the folder held when loading (a new version without them was written).</summary>
    public int ErasedUsersRemoved { get; internal set; }
    /// <summary>The preferred recommender (first of <see cref="Recommenders"/>).</summary>
    public IRecommender Recommender { get; }
    /// <summary>Loaded recommenders in the configured order (<see cref="RecommenderOrder"/>), the baseline last: a
    /// request is answered by the first that returns anything for the user.</summary>
    public IReadOnlyList<IRecommender> Recommenders { get; }
    public IFrequentlyBoughtTogether Together { get; }
    public IPurchaseHistories Profiles { get; }
    /// <summary>Null until a bundle engine component is in the model.</summary>
    public IBundleOffers? BundleOffers { get; }
    /// <summary>Null until a bundle pricer component is in the model.</summary>
    public IBundlePricer? Pricer { get; }
    /// <summary>Item search: by meaning with a <c>text</c> component, else by letters.</summary>
    public IItemSearch ItemSearch { get; }
    /// <summary>New products from their text (a model with <c>text</c> and <c>item2vec</c>), else null.</summary>
    public INewItems? NewItems { get; }

    /// <summary>Frequently bought together with <paramref name="cart"/>; in relaxed mode new products may take the
    /// places of fallbacks (<see cref="INewItems.PlaceInTogether"/>).</summary>
    public IReadOnlyList<Suggestion> TogetherWith(ReadOnlySpan<int> cart, int k, TogetherMode mode)
    {
        var items = Together.Together(cart, k, mode);
        return mode == TogetherMode.Relaxed && NewItems is { } fresh ? fresh.PlaceInTogether(cart, items) : items;
    }

    /// <summary>Serialized answers that depend on nothing but this model version (item frequently-bought-together),
    /// so a hot product page costs a lookup; bounded by <see cref="MaxCachedResponses"/>, gone with the version.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<long, byte[]> ResponseCache { get; } = new();

    public const int MaxCachedResponses = 200_000;

    /// <summary>Completes when the version's native resources have been released (after it was retired and the last
    /// request using it finished).</summary>
    public Task Freed => _freed.Task;

    /// <summary>Opens <paramref name="directory"/> (verifying every checksum) and loads its components; any problem
    /// is a <see cref="DataException"/> and nothing is served from it.</summary>
    /// <remarks>A factory throwing <see cref="ComponentUnavailableException"/> leaves its component out (listed in
    /// <see cref="Unavailable"/>) instead of refusing the model. When any other failure stops the load (including running
    /// out of memory), what was loaded so far is released before the exception is passed on.</remarks>
    public static ServingModel Load(string directory, Pseudonymizer pseudonymizer, IReadOnlyList<IServingComponentFactory>? factories = null,
        IReadOnlyList<string>? recommenderOrder = null)
    {
        var reader = ModelReader.Open(directory);
        var retired = new CancellationTokenSource();
        var owned = new HashSet<IDisposable>(ReferenceEqualityComparer.Instance);
        var components = new List<IServingComponent>();
        try
        {
            var baseline = new BaselineComponent(BaselineModel.Load(reader));
            components.Add(baseline);
            var context = new ModelLoadContext(reader, baseline.Model.Catalog) { Retired = retired.Token, Owned = owned };
            var unavailable = new List<UnavailableComponent>();
            foreach (var f in (factories ?? ServingComponents.All).OrderBy(f => f.Priority))
            {
                if (!reader.Has(f.ComponentName))
                    continue;
                try
                { components.Add(f.Load(context)); }
                catch (ComponentUnavailableException e) { unavailable.Add(new UnavailableComponent(f.ComponentName, e.Message)); }
            }
            var probe = reader.Manifest.Components[BaselineModel.ComponentName].Parameters["pseudonym_probe"]?.GetValue<string>();
            bool match = probe is null || probe == pseudonymizer.Key(BaselineModel.PseudonymProbe);
            return new ServingModel(reader, baseline, components, match, unavailable, recommenderOrder ?? RecommenderOrder.Default, retired, owned);
        }
        catch
        {
            Release(retired, components, owned);
            throw;
        }
    }

    /// <summary>Takes a hold for a request; false once the version has been freed (the caller reads the current one).</summary>
    internal bool TryHold()
    {
        int n = Volatile.Read(ref _holders);
        while (n > 0)
        {
            int seen = Interlocked.CompareExchange(ref _holders, n + 1, n);
            if (seen == n)
                return true;
            n = seen;
        }
        return false;
    }

    /// <summary>Returns a hold; the last one frees the version's native resources (on a pool thread: a request that
    /// returns it has already answered).</summary>
    internal void ReleaseHold()
    {
        if (Interlocked.Decrement(ref _holders) != 0)
            return;
        ThreadPool.UnsafeQueueUserWorkItem(static m =>
        {
            try
            { Release(m._retired, m.Components, m._owned); m._freed.TrySetResult(); }
            catch (Exception e) { m._freed.TrySetException(e); }
        }, this, preferLocal: false);
    }

    /// <summary>Retires the version: background work stops now, native resources go once no request holds it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _retiredFlag, 1) != 0)
            return;
        _retired.Cancel();
        ReleaseHold();
    }

    /// <summary>Stops background work, waits for it to end (it may be using the native resources), then disposes them.</summary>
    private static void Release(CancellationTokenSource retired, IReadOnlyList<IServingComponent> components, ICollection<IDisposable> owned)
    {
        retired.Cancel();
        foreach (var c in components)
            if (c is IWarmingComponent w)
                try
                { w.Warming.Wait(); }
                catch (AggregateException) { /* cancelled or failed: either way it has stopped */ }
        foreach (var d in owned)
            d.Dispose();
        owned.Clear();
        retired.Dispose();
    }

    private T? Pick<T>() where T : class
    {
        // Components are in ascending priority, so the last one offering T wins.
        T? chosen = null;
        foreach (var c in Components)
            if (c is T t)
                chosen = t;
        return chosen;
    }
}
