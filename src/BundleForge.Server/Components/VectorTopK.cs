using System.Numerics.Tensors;
using BundleForge.Embeddings;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>The k catalog items whose vectors score highest against a query (dot product), skipping items the user
/// must not be offered and the items of their live session. One pass over the row-major item matrix into a per-thread heap: no per-request buffers
/// beyond the answer itself.</summary>
internal static class VectorTopK
{
    [ThreadStatic] private static TopKHeap?[]? t_heaps;

    /// <summary>Up to <paramref name="k"/> suggestions labelled <paramref name="source"/>, best first; rows whose
    /// <paramref name="valid"/> entry is false (no vector) are never returned.</summary>
    public static List<Suggestion> Search(ReadOnlySpan<float> rows, int dimensions, ReadOnlySpan<float> query, bool[]? valid, UserContext user, int k, string source)
    {
        var heap = HeapOf(k);
        heap.Clear();
        int n = rows.Length / dimensions;
        for (int r = 0; r < n; r++)
        {
            float s = TensorPrimitives.Dot(rows.Slice(r * dimensions, dimensions), query);
            // The cheap threshold test first: most rows fail it once the heap is full.
            if (s <= heap.Threshold || float.IsNaN(s)) continue;
            if (valid is not null && !valid[r]) continue;
            if (user.IsExcluded(r) || InSession(user.Session, r)) continue;
            heap.Add(r, s);
        }
        var top = heap.ToSortedArray();
        var result = new List<Suggestion>(top.Length);
        foreach (var t in top) result.Add(new Suggestion(t.Id, Math.Round(t.Score, 6), source));
        return result;
    }

    /// <summary>Items the user is looking at right now are the query, not an answer.</summary>
    private static bool InSession(SessionEvent[] session, int item)
    {
        foreach (var e in session) if (e.Item == item) return true;
        return false;
    }

    private static TopKHeap HeapOf(int k)
    {
        var heaps = t_heaps ??= new TopKHeap?[129];
        if (k >= heaps.Length) return new TopKHeap(k);
        return heaps[k] ??= new TopKHeap(k);
    }
}
