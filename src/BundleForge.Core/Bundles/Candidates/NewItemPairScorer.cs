using System.Buffers;
using BundleForge.Embeddings;

namespace BundleForge.Bundles.Candidates;

/// <summary>Pair evidence for new products, which have no co-purchases of their own: a pair of a new product and an
/// established item gets the complementarity and substitutability of that item with the new product's text neighbours
/// (<see cref="NewProducts.NeighboursOf"/>, the items it borrows its behaviour from), weighted by their text cosine, or
/// the wrapped scorer's own values where those are higher (so the text substitute veto still applies to it). The
/// co-purchase facts (count, lift, confidence) stay the wrapped scorer's: none, so the acceptance model and the
/// explanation claim no co-purchase the data do not show. Other pairs are the wrapped scorer's.</summary>
public sealed class NewItemPairScorer(IPairScorer inner, NewProducts products) : IPairScorer
{
    public bool IsNewProduct(int item) => products.IsNew(item);

    public PairEvidence Score(int a, int b)
    {
        var e = inner.Score(a, b);
        bool newA = products.IsNew(a), newB = products.IsNew(b);
        if (a == b || newA == newB)
            return e;
        var (fresh, other) = newA ? (a, b) : (b, a);
        var (comp, sub) = Borrowed(fresh, other);
        return Combine(e, comp, sub);
    }

    public void ScoreRow(int a, ReadOnlySpan<int> others, Span<PairEvidence> into)
    {
        inner.ScoreRow(a, others, into);
        if (!products.IsNew(a))
        {
            for (int k = 0; k < others.Length; k++)
                if (products.IsNew(others[k]) && others[k] != a)
                {
                    var (c, su) = Borrowed(others[k], a);
                    into[k] = Combine(into[k], c, su);
                }
            return;
        }
        // A new product's row: its neighbours' rows, weighted by their text cosine (one row per neighbour). The sums
        // and the neighbour's row live in pooled buffers: the composer asks for such a row per member of every beam.
        var neighbours = products.NeighboursOf(a);
        if (neighbours.Length == 0)
            return;
        int m = others.Length;
        var sums = ArrayPool<float>.Shared.Rent(3 * m);
        var rented = ArrayPool<PairEvidence>.Shared.Rent(m);
        try
        {
            var comp = sums.AsSpan(0, m);
            var sub = sums.AsSpan(m, m);
            var weight = sums.AsSpan(2 * m, m);
            sums.AsSpan(0, 3 * m).Clear();
            var row = rented.AsSpan(0, m);
            foreach (var (n, cosine) in neighbours)
            {
                inner.ScoreRow(n, others, row);
                for (int k = 0; k < m; k++)
                    if (others[k] != n)
                    {
                        comp[k] += cosine * row[k].Complementarity;
                        sub[k] += cosine * row[k].Substitutability;
                        weight[k] += cosine;
                    }
            }
            for (int k = 0; k < m; k++)
                if (others[k] != a && !products.IsNew(others[k]) && weight[k] > 0)
                    into[k] = Combine(into[k], comp[k] / weight[k], sub[k] / weight[k]);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sums);
            ArrayPool<PairEvidence>.Shared.Return(rented);
        }
    }

    /// <summary>The cosine-weighted mean complementarity and substitutability of <paramref name="other"/> with the text
    /// neighbours of the new product <paramref name="fresh"/> (a neighbour that is <paramref name="other"/> itself is
    /// skipped: it says nothing about how the two go together).</summary>
    private (float Complementarity, float Substitutability) Borrowed(int fresh, int other)
    {
        float comp = 0, sub = 0, weight = 0;
        foreach (var (n, cosine) in products.NeighboursOf(fresh))
        {
            if (n == other)
                continue;
            var e = inner.Score(n, other);
            comp += cosine * e.Complementarity;
            sub += cosine * e.Substitutability;
            weight += cosine;
        }
        return weight > 0 ? (comp / weight, sub / weight) : (0, 0);
    }

    private static PairEvidence Combine(in PairEvidence own, float complementarity, float substitutability) => own with
    {
        Complementarity = Math.Max(own.Complementarity, complementarity),
        Substitutability = Math.Max(own.Substitutability, substitutability),
    };
}
