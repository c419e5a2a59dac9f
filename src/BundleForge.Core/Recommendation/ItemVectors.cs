using System.Numerics.Tensors;

namespace BundleForge.Recommendation;

/// <summary>Unit item vectors (item2vec) as the next-basket ranker reads them: a user's taste vector is the
/// recency-weighted mean of the vectors of what they bought, and an item's affinity is its cosine to it. Items
/// without a trained vector have none (their affinity is 0 and they are never proposed from here).</summary>
public sealed class ItemVectors
{
    /// <summary>Vectors over <paramref name="unit"/> (unit rows, <paramref name="dimensions"/> wide); only items with
    /// <paramref name="trained"/> set count.</summary>
    public ItemVectors(float[] unit, int dimensions, bool[] trained)
    {
        if (dimensions < 1 || unit.Length != trained.Length * dimensions)
            throw new ArgumentException("One unit row per item.", nameof(unit));
        Unit = unit;
        Dimensions = dimensions;
        Trained = trained;
    }

    /// <summary>Unit rows, one per item.</summary>
    public float[] Unit { get; }
    /// <summary>Width of a row.</summary>
    public int Dimensions { get; }
    /// <summary>Items with a trained vector.</summary>
    public bool[] Trained { get; }
    /// <summary>Items.</summary>
    public int ItemCount => Trained.Length;

    /// <summary>The row of <paramref name="item"/>.</summary>
    public ReadOnlySpan<float> RowOf(int item) => Unit.AsSpan(item * Dimensions, Dimensions);

    /// <summary>The user's taste: Σ over their orders of 0.5^(age / <paramref name="halfLifeDays"/>) × the unit rows of
    /// the order's items, normalised; false when none of their items has a vector.</summary>
    public bool TasteOf(OrderHistory history, long now, double halfLifeDays, Span<float> into)
    {
        into.Clear();
        bool any = false;
        for (int o = 0; o < history.Count; o++)
        {
            float w = (float)Math.Pow(0.5, Math.Max(0, (now - history.Times[o]) / 86_400.0) / halfLifeDays);
            foreach (var i in history[o])
                if ((uint)i < (uint)Trained.Length && Trained[i])
                {
                    TensorPrimitives.MultiplyAdd(RowOf(i), w, into, into);
                    any = true;
                }
        }
        if (!any)
            return false;
        float norm = TensorPrimitives.Norm(into);
        if (!(norm > 0))
            return false;
        TensorPrimitives.Divide(into, norm, into);
        return true;
    }
}
