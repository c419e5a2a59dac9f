using System.Numerics.Tensors;
using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Substitutes and complements from two signals: the closeness of two items' text vectors (same kind of
/// product) and how often customers buy them together. Substitutes are items of the same kind (close in text, in the
/// same category when the catalog has categories), whether or not customers buy them together; the composer's veto
/// (<see cref="VetoScore"/>) additionally asks that the data do not show them bought together. Complements are bought
/// together beyond chance and are of different kinds (see docs/EMBEDDINGS.md, "Text vectors").</summary>
public sealed class TextRelationScorer
{
    private readonly ItemTextVectors _vectors;
    private readonly ItemCooccurrence _cooccurrence;
    private readonly string?[]? _categories;
    private ExactCosineIndex? _index;

    /// <summary>Relations over the same items in both signals; <paramref name="categories"/> (the catalog's category
    /// paths, null or empty where unknown) lowers the kind of two items filed under different categories.</summary>
    public TextRelationScorer(ItemTextVectors vectors, ItemCooccurrence cooccurrence, string?[]? categories = null)
    {
        if (vectors.Count != cooccurrence.ItemCount || (categories is not null && categories.Length != vectors.Count))
            throw new ArgumentException("Text vectors, co-occurrence and categories must cover the same items.");
        _vectors = vectors;
        _cooccurrence = cooccurrence;
        _categories = categories;
    }

    /// <summary>Text cosine at which two items start to count as the same kind of product (closeness 0). With
    /// all-MiniLM-L6-v2 on Online Retail titles, unrelated products stay below about 0.45 and two designs of one product
    /// ("RED RETROSPOT LUNCH BAG", "WHITE SPOTTY LUNCH BAG") score 0.6–0.9 (docs/EMBEDDINGS.md, "Text vectors").</summary>
    public const float KindFrom = 0.5f;
    /// <summary>Text cosine from which two items are fully the same kind (closeness 1); the veto's closeness ½ is
    /// cosine 0.65.</summary>
    public const float KindAt = 0.8f;
    /// <summary>Shared baskets needed before co-purchase can show that customers buy two items together.</summary>
    public const int MinTogether = 2;
    /// <summary>Pseudo-count κ of the shrunk lift (n_ab + κ)/(E_ab + κ), as in <see cref="PairRelationScorer"/>.</summary>
    public const double PseudoCount = 5;
    /// <summary>The larger κ that ranks complements: with κ = 5 a best seller's top complements on Online Retail were
    /// items of 50 baskets that one kind of large order always holds; κ = 50 asks for more shared baskets.</summary>
    public const double ComplementPseudoCount = 50;

    /// <summary>The items of both signals.</summary>
    public int Count => _vectors.Count;

    /// <summary>Cosine of the two items' text vectors (0 when either has no text).</summary>
    public float Cosine(int a, int b) => TensorPrimitives.Dot(_vectors.VectorOf(a), _vectors.VectorOf(b));

    /// <summary>0–1: how much two items are the same kind of product, from their text cosine (linear between
    /// <see cref="KindFrom"/> and <see cref="KindAt"/>).</summary>
    public static float Closeness(float cosine) => Math.Clamp((cosine - KindFrom) / (KindAt - KindFrom), 0f, 1f);

    /// <summary>0–1: how far the data are from showing that customers buy the two together: 1 with fewer than
    /// <see cref="MinTogether"/> shared baskets or a (shrunk) lift at or below 1, falling to 0 at lift 2.</summary>
    public static float Apart(int together, double lift) => together < MinTogether ? 1f : (float)Math.Clamp(2 - lift, 0, 1);

    /// <summary>Shrunk basket lift of the pair.</summary>
    public double Lift(int a, int b) => _cooccurrence.ShrunkLift(a, b, PseudoCount);

    /// <summary>Baskets holding both items.</summary>
    public int Together(int a, int b) => _cooccurrence.Count(a, b);

    /// <summary>Factor of <see cref="SameKind"/> for two items the catalog files under different categories.</summary>
    public const float OtherCategory = 0.5f;

    /// <summary>0–1: how much the two are the same kind of product: their <see cref="Closeness"/> in text, times
    /// <see cref="OtherCategory"/> when both have a category and the categories differ.</summary>
    public float SameKind(int a, int b)
    {
        if (a == b)
            return 0f;
        float closeness = Closeness(Cosine(a, b));
        return closeness > 0 && _categories is not null && DifferentCategories(_categories[a], _categories[b]) ? closeness * OtherCategory : closeness;
    }

    /// <summary>0–1, the rank of substitutes: <see cref="SameKind"/>. Whether customers buy the two together does not
    /// count here: in a gift shop's wholesale orders the designs of one product are bought together, and they are still
    /// the items that replace each other.</summary>
    public float SubstituteScore(int a, int b) => SameKind(a, b);

    /// <summary>0–1, what the composer's veto asks: the same kind of product (<see cref="SameKind"/>) and not shown by
    /// the data to be bought together (<see cref="Apart"/>), so variants that customers do buy several of may share a
    /// bundle.</summary>
    public float VetoScore(int a, int b) => a == b ? 0f : SameKind(a, b) * Apart(Together(a, b), Lift(a, b));

    /// <summary>0–1, the rank of complements: how much more often than chance they share baskets (1 − 1/lift shrunk
    /// with <see cref="ComplementPseudoCount"/>, with at least <see cref="MinTogether"/> shared baskets) times how
    /// different their kinds are, (1 − closeness)², so designs of one product bought together rank below other products.</summary>
    public float ComplementScore(int a, int b)
    {
        if (a == b || Together(a, b) < MinTogether)
            return 0f;
        double lift = _cooccurrence.ShrunkLift(a, b, ComplementPseudoCount);
        float basket = lift > 1 ? (float)(1 - 1 / lift) : 0f;
        float other = 1 - Closeness(Cosine(a, b));
        return basket * other * other;
    }

    /// <summary>The pair's relation: a substitute when its substitute score reaches ½; a complement when bought
    /// together at shrunk lift 1.5 or more (as <see cref="PairRelationScorer.ComplementLift"/>) and of
    /// different kinds (closeness below ½); else unrelated.</summary>
    public PairRelation Classify(int a, int b)
    {
        if (SubstituteScore(a, b) >= 0.5f)
            return PairRelation.Substitute;
        if (a != b && Together(a, b) >= MinTogether && Lift(a, b) >= 1.5 && Closeness(Cosine(a, b)) < 0.5f)
            return PairRelation.Complement;
        return PairRelation.Unrelated;
    }

    /// <summary>The <paramref name="k"/> best substitutes of <paramref name="item"/>, best first, among its nearest
    /// items in text; equal scores (every pair from cosine <see cref="KindAt"/> up scores 1) by text cosine.</summary>
    public Neighbor[] Substitutes(int item, int k)
    {
        Check(item);
        if (TensorPrimitives.Norm(_vectors.VectorOf(item)) == 0)
            throw new DataException($"Item '{_vectors.ItemIds[item]}' has no text, so it has no text vector.", field: "item");
        _index ??= new ExactCosineIndex(_vectors.Vectors, _vectors.Dimensions);
        var hits = new List<(Neighbor Hit, float Cosine)>();
        foreach (var near in _index.TopK(_vectors.VectorOf(item), Math.Max(k * 10, 100), i => i == item))
            if (SubstituteScore(item, near.Id) is var score && score > 0)
                hits.Add((new Neighbor(near.Id, score), near.Score));
        hits.Sort((x, y) => x.Hit.Score != y.Hit.Score ? y.Hit.Score.CompareTo(x.Hit.Score) : y.Cosine.CompareTo(x.Cosine));
        var best = new Neighbor[Math.Min(k, hits.Count)];
        for (int r = 0; r < best.Length; r++)
            best[r] = hits[r].Hit;
        return best;
    }

    /// <summary>The <paramref name="k"/> best complements of <paramref name="item"/>, best first, among the items
    /// bought with it.</summary>
    public Neighbor[] Complements(int item, int k)
    {
        Check(item);
        var heap = new TopKHeap(k);
        foreach (int j in _cooccurrence.NeighborsOf(item))
            if (j != item)
                heap.Add(j, ComplementScore(item, j));
        return Positive(heap.ToSortedArray());
    }

    private static Neighbor[] Positive(Neighbor[] hits)
    {
        int n = 0;
        while (n < hits.Length && hits[n].Score > 0)
            n++;
        return n == hits.Length ? hits : hits[..n];
    }

    private static bool DifferentCategories(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && !string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private void Check(int item)
    {
        if ((uint)item >= (uint)Count)
            throw new DataException($"Unknown item {item}: the model has {Count} items.", field: "item");
    }
}
