using System.Numerics.Tensors;
using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>The new products of a served model: catalog items with at most <see cref="MaxPurchases"/> purchases in the
/// training data (item2vec's counts) and a text vector. Each borrows a behaviour vector and its text neighbours from its
/// nearest established items (<see cref="NewItemScorer.NearestTrained"/>, K from the stored <see cref="NewItemBlend"/>)
/// and is ranked for a customer by the stored rule (<see cref="Rank"/>). The one place recommendations,
/// frequently-bought-together fallbacks and bundles take new products from.</summary>
public sealed class NewProducts
{
    /// <summary>A product with at most this many purchases counts as new by default.</summary>
    public const int DefaultMaxPurchases = 2;

    /// <summary>Least text closeness to the customer's items (mean cosine with the 3 closest) by default: unrelated
    /// products stay below about 0.45 on Online Retail.</summary>
    public const float DefaultMinCloseness = 0.5f;

    private readonly float[] _mapped;
    private readonly int[] _rowOf;
    private readonly (int Item, float Cosine)[][] _neighbours;

    private NewProducts(NewItemScorer? scorer, NewItemBlend blend, int[] items, float[] mapped, (int, float)[][] neighbours, int catalogSize, int maxPurchases)
    {
        Scorer = scorer;
        Blend = blend;
        Items = items;
        _mapped = mapped;
        _neighbours = neighbours;
        MaxPurchases = maxPurchases;
        _rowOf = new int[catalogSize];
        Array.Fill(_rowOf, -1);
        for (int r = 0; r < items.Length; r++)
            _rowOf[items[r]] = r;
    }

    /// <summary>No new products (a model without item2vec).</summary>
    public static NewProducts None(int catalogSize) => new(null, new NewItemBlend(), [], [], [], catalogSize, DefaultMaxPurchases);

    /// <summary>The scorer (null when there are no new products to rank).</summary>
    public NewItemScorer? Scorer { get; }

    /// <summary>The rule the products are ranked by.</summary>
    public NewItemBlend Blend { get; }

    /// <summary>The new products (dense ids, ascending).</summary>
    public int[] Items { get; }

    /// <summary>Purchases a product may have and still count as new.</summary>
    public int MaxPurchases { get; }

    /// <summary>True when <paramref name="item"/> is a new product.</summary>
    public bool IsNew(int item) => (uint)item < (uint)_rowOf.Length && _rowOf[item] >= 0;

    /// <summary>The established items <paramref name="item"/> borrows its behaviour from, with their text cosine,
    /// closest first (empty for an item that is not new).</summary>
    public ReadOnlySpan<(int Item, float Cosine)> NeighboursOf(int item) =>
        IsNew(item) ? _neighbours[_rowOf[item]] : [];

    /// <summary>The new products of a model folder that has <c>text</c> and <c>item2vec</c> (none without item2vec).</summary>
    public static NewProducts Load(ModelReader reader, ItemCatalog catalog, int maxPurchases = DefaultMaxPurchases)
    {
        if (!reader.Has(Item2VecModel.Component) || !reader.Has(ItemTextVectors.Component))
            return None(catalog.Count);
        var text = ItemTextVectors.Load(reader, catalog);
        var item2vec = Item2VecModel.Load(reader);
        var blend = NewItemBlend.Load(reader) ?? new NewItemBlend();
        return Build(catalog, text, item2vec.ItemIds, item2vec.Embeddings, blend, maxPurchases);
    }

    /// <summary>The new products of <paramref name="catalog"/>: every item with at most <paramref name="maxPurchases"/>
    /// purchases (by <paramref name="embeddings"/>' counts) and a text vector, its behaviour borrowed from the items above
    /// that count.</summary>
    public static NewProducts Build(ItemCatalog catalog, ItemTextVectors text, string[] behaviourIds, ItemEmbeddings embeddings, NewItemBlend blend, int maxPurchases)
    {
        var scorer = NewItemScorer.Build(catalog, text, behaviourIds, embeddings);
        var purchases = new Dictionary<string, long>(behaviourIds.Length, StringComparer.Ordinal);
        for (int v = 0; v < behaviourIds.Length; v++)
            purchases[behaviourIds[v]] = embeddings.Counts[v];
        var pool = new bool[catalog.Count];
        var fresh = new List<int>();
        for (int i = 0; i < catalog.Count; i++)
        {
            bool isNew = purchases.GetValueOrDefault(catalog.Ids[i]) <= maxPurchases;
            pool[i] = !isNew;
            if (isNew && scorer.HasText(i))
                fresh.Add(i);
        }
        int q = scorer.BehaviourDimensions;
        var mapped = new float[(long)fresh.Count * q];
        var neighbours = new (int, float)[fresh.Count][];
        for (int r = 0; r < fresh.Count; r++)
        {
            neighbours[r] = scorer.NearestTrained(fresh[r], blend.Neighbours, pool);
            scorer.MapByNeighbours(fresh[r], blend.Neighbours, pool, mapped.AsSpan(r * q, q));
        }
        return new NewProducts(fresh.Count == 0 ? null : scorer, blend, [.. fresh], mapped, neighbours, catalog.Count, maxPurchases);
    }

    /// <summary>Up to <paramref name="k"/> new products for <paramref name="anchors"/> (the customer's items: cart,
    /// session, history), best first by the blend, each at least <paramref name="minCloseness"/> close in text (mean
    /// cosine with its closest anchors) and <paramref name="allowed"/>; with the anchor it is closest to in text.</summary>
    public List<RankedNewProduct> Rank(IReadOnlyList<(int Item, float Weight)> anchors, int k, float minCloseness, Func<int, bool> allowed)
    {
        var result = new List<RankedNewProduct>(Math.Max(0, k));
        if (Scorer is null || anchors.Count == 0 || k <= 0)
            return result;
        int q = Scorer.BehaviourDimensions;
        var candidates = new List<int>(Items.Length);
        var rows = new List<int>(Items.Length);
        for (int r = 0; r < Items.Length; r++)
            if (allowed(Items[r]))
            {
                candidates.Add(Items[r]);
                rows.Add(r);
            }
        if (candidates.Count == 0)
            return result;
        var mapped = new float[candidates.Count * q];
        for (int c = 0; c < rows.Count; c++)
            _mapped.AsSpan(rows[c] * q, q).CopyTo(mapped.AsSpan(c * q, q));
        var text = new float[candidates.Count];
        var words = new float[candidates.Count];
        var behaviour = new float[candidates.Count];
        var scores = new float[candidates.Count];
        Scorer.Signals(anchors, candidates, mapped, text, words, behaviour);
        NewItemScorer.Blend(Blend, text, words, behaviour, scores);
        var order = new List<int>();
        for (int c = 0; c < candidates.Count; c++)
            if (text[c] >= minCloseness)
                order.Add(c);
        order.Sort((a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : candidates[a].CompareTo(candidates[b]));
        for (int x = 0; x < order.Count && result.Count < k; x++)
        {
            int c = order[x], item = candidates[c];
            result.Add(new RankedNewProduct(item, text[c], scores[c], ClosestAnchor(item, anchors)));
        }
        return result;
    }

    /// <summary>The anchor closest to <paramref name="item"/> in text (ties: the earlier anchor).</summary>
    private int ClosestAnchor(int item, IReadOnlyList<(int Item, float Weight)> anchors)
    {
        var text = Scorer!.TextOf(item);
        int best = -1;
        float bestCosine = float.NegativeInfinity;
        foreach (var (a, _) in anchors)
        {
            float c = TensorPrimitives.Dot(text, Scorer.TextOf(a));
            if (c > bestCosine)
            { best = a; bestCosine = c; }
        }
        return best;
    }
}

/// <summary>A new product ranked for a customer: its text closeness to the customer's items (the served score), its
/// blended score and the customer's item it is closest to in text.</summary>
public readonly record struct RankedNewProduct(int Item, float Closeness, float Score, int Closest);
