using System.Numerics.Tensors;
using BundleForge.Artifacts;

namespace BundleForge.BundleRanking;

/// <summary>The learned part of a served <see cref="BundleRankerModel"/> (file <c>learned.bin</c>): a vector per customer
/// (by pseudonymous key, sorted ordinally) and per bundle from an <see cref="IBundleVectorLearner"/> (CrossCBR), and
/// the factor the blend gives their dot product. Serving needs no neural library: a request is one dot product per
/// bundle. A customer the learner never saw gets no learned part (the rest of the blend still ranks for them).</summary>
public sealed class CustomerVectors
{
    /// <summary>The file inside the component folder.</summary>
    public const string FileName = "learned.bin";
    private const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "BFRVECS\0"u8;

    /// <summary>Vectors from their parts; <paramref name="keys"/> sorted ordinally, one user row each.</summary>
    public CustomerVectors(string learner, string[] keys, float[] users, float[] bundles, int dim, float weight, float factor, int epochs)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(bundles);
        if (dim < 1 || users.Length != (long)keys.Length * dim || bundles.Length % dim != 0)
            throw new ArgumentException("The keys and vectors disagree.", nameof(users));
        Learner = learner;
        Keys = keys;
        Users = users;
        Bundles = bundles;
        Dim = dim;
        Weight = weight;
        Factor = factor;
        Epochs = epochs;
    }

    /// <summary>The learner's name (<c>crosscbr</c>).</summary>
    public string Learner { get; }
    /// <summary>Pseudonymous keys, sorted ordinally.</summary>
    public string[] Keys { get; }
    /// <summary>Customer vectors, row-major, in key order.</summary>
    public float[] Users { get; }
    /// <summary>Bundle vectors, row-major, in the model's bundle order.</summary>
    public float[] Bundles { get; }
    /// <summary>Floats per vector.</summary>
    public int Dim { get; }
    /// <summary>The blend's weight of the signal (chosen on validation, relative to EASE's 1).</summary>
    public float Weight { get; }
    /// <summary>The blend's factor of the dot product (its weight ÷ its spread).</summary>
    public float Factor { get; }
    /// <summary>Training passes that made the vectors (the cold-bundle protocol learns again with as many).</summary>
    public int Epochs { get; }
    /// <summary>Bundles with a vector.</summary>
    public int BundleCount => Bundles.Length / Dim;

    /// <summary>The customers of <paramref name="learned"/> (rows = dataset users) that have bundles or items, keyed by
    /// <paramref name="keyOf"/>, blended with <paramref name="weight"/> over the dot products' <paramref name="spread"/>.</summary>
    public static CustomerVectors From(string learner, LearnedBundleVectors learned, int[][] lists, int[][] userItems, Func<int, string> keyOf, float weight,
        float spread)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(keyOf);
        var rows = new List<(string Key, int User)>();
        for (int u = 0; u < learned.UserCount; u++)
            if ((u < lists.Length && lists[u].Length > 0) || (u < userItems.Length && userItems[u].Length > 0))
                rows.Add((keyOf(u), u));
        rows.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        int d = learned.Dim;
        var keys = new string[rows.Count];
        var users = new float[(long)rows.Count * d];
        for (int x = 0; x < rows.Count; x++)
        {
            keys[x] = rows[x].Key;
            learned.UserVector(rows[x].User).CopyTo(users.AsSpan(x * d, d));
        }
        return new CustomerVectors(learner, keys, users, learned.Bundles, d, weight, weight / spread, learned.Epochs);
    }

    /// <summary>The row of <paramref name="key"/>, or −1.</summary>
    public int RowOf(string? key) => key is null ? -1 : Array.BinarySearch(Keys, key, StringComparer.Ordinal) is var x and >= 0 ? x : -1;

    /// <summary>Adds factor × (the customer's vector · each bundle's) to <paramref name="scores"/>; nothing for an
    /// unknown row.</summary>
    public void AddTo(int row, Span<float> scores)
    {
        if (row < 0 || Factor == 0)
            return;
        var user = Users.AsSpan(row * Dim, Dim);
        for (int b = 0; b < scores.Length && b < BundleCount; b++)
            scores[b] += Factor * TensorPrimitives.Dot(user, Bundles.AsSpan(b * Dim, Dim));
    }

    /// <summary>The same vectors less the customers of <paramref name="userKeys"/>.</summary>
    public CustomerVectors Without(IReadOnlySet<string> userKeys)
    {
        ArgumentNullException.ThrowIfNull(userKeys);
        var keys = new List<string>(Keys.Length);
        var users = new List<float>(Users.Length);
        for (int x = 0; x < Keys.Length; x++)
            if (!userKeys.Contains(Keys[x]))
            {
                keys.Add(Keys[x]);
                users.AddRange(Users.AsSpan(x * Dim, Dim));
            }
        return new CustomerVectors(Learner, [.. keys], [.. users], Bundles, Dim, Weight, Factor, Epochs);
    }

    /// <summary>Writes the file (the caller moves a temporary file into place).</summary>
    public void Write(string path)
    {
        using var w = ArtifactCodec.Create(path, Magic, FormatVersion);
        w.Write(Learner);
        w.Write(Dim);
        w.Write(Weight);
        w.Write(Factor);
        w.Write(Epochs);
        w.Write(Keys.Length);
        w.WriteStrings(Keys);
        w.WriteArray<float>(Users);
        w.WriteArray<float>(Bundles);
    }

    /// <summary>Reads the file, checking it covers <paramref name="bundles"/> bundles.</summary>
    public static CustomerVectors Read(string path, int bundles)
    {
        using var r = ArtifactCodec.Open(path, Magic, FormatVersion, "learned bundle vectors");
        var learner = r.ReadString();
        int dim = r.ReadInt32();
        if (dim < 1)
            throw r.Corrupt($"the dimension {dim} is not positive");
        float weight = r.ReadSingle();
        float factor = r.ReadSingle();
        int epochs = r.ReadInt32();
        var keys = r.ReadStrings(r.ReadCount(1));
        var users = r.ReadArray<float>();
        var vectors = r.ReadArray<float>();
        r.ExpectEnd();
        if (users.Length != (long)keys.Length * dim)
            throw r.Corrupt($"{users.Length} customer floats for {keys.Length} keys of {dim}");
        if (vectors.Length != (long)bundles * dim)
            throw r.Corrupt($"{vectors.Length} bundle floats for {bundles} bundles of {dim}");
        for (int x = 1; x < keys.Length; x++)
            if (string.CompareOrdinal(keys[x - 1], keys[x]) >= 0)
                throw r.Corrupt("the customer keys are not sorted");
        return new CustomerVectors(learner, keys, users, vectors, dim, weight, factor, epochs);
    }
}
