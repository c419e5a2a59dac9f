using System.Numerics.Tensors;

namespace BundleForge.BundleRanking;

/// <summary>A learned vector per user (rows in the order of the lists learned from) and per bundle; a user's score for
/// a bundle is their dot product. <see cref="Epochs"/> is how many passes made them (chosen on validation when the
/// learner stopped early).</summary>
public sealed class LearnedBundleVectors
{
    /// <summary>Vectors from their parts (row-major, <paramref name="dim"/> floats a row).</summary>
    public LearnedBundleVectors(int dim, float[] users, float[] bundles, int epochs)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(bundles);
        if (dim < 1 || users.Length % dim != 0 || bundles.Length % dim != 0)
            throw new ArgumentException($"The vectors are not whole rows of {dim}.", nameof(dim));
        Dim = dim;
        Users = users;
        Bundles = bundles;
        Epochs = epochs;
    }

    /// <summary>Floats per vector.</summary>
    public int Dim { get; }
    /// <summary>User vectors, row-major.</summary>
    public float[] Users { get; }
    /// <summary>Bundle vectors, row-major.</summary>
    public float[] Bundles { get; }
    /// <summary>Training passes that made them.</summary>
    public int Epochs { get; }
    /// <summary>Users with a vector.</summary>
    public int UserCount => Users.Length / Dim;
    /// <summary>Bundles with a vector.</summary>
    public int BundleCount => Bundles.Length / Dim;

    /// <summary>The vector of <paramref name="user"/>.</summary>
    public ReadOnlySpan<float> UserVector(int user) => Users.AsSpan(user * Dim, Dim);

    /// <summary>Writes the dot product of <paramref name="user"/>'s vector with every bundle's into <paramref name="scores"/>.</summary>
    public void Score(int user, Span<float> scores) => Score(UserVector(user), Bundles, Dim, scores);

    /// <summary>scores[b] = user · bundle b, for row-major <paramref name="bundles"/>.</summary>
    public static void Score(ReadOnlySpan<float> user, ReadOnlySpan<float> bundles, int dim, Span<float> scores)
    {
        for (int b = 0; b < scores.Length; b++)
            scores[b] = TensorPrimitives.Dot(user, bundles.Slice(b * dim, dim));
    }
}
