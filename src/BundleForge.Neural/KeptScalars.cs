using TorchSharp;

namespace BundleForge.Neural;

/// <summary>The few constant <see cref="Scalar"/>s the forward pass needs, created once and referenced for the life of
/// the process.
/// <para>Why: TorchSharp turns a number argument (<c>tokens.ne(0)</c>, the implicit <c>alpha = 1</c> of
/// <c>a + b</c>) into a new <see cref="Scalar"/> per call that nothing references once its native handle has been
/// passed on, so a garbage collection during the native call can finalize it while libtorch still reads it. Under
/// serving load that surfaced as "Expected false to be true … toLong / toFloat" errors (2 of ~390,000 requests in a
/// mixed load run). Scalars held in static fields are never finalized, and reading one from many threads at once is
/// safe (libtorch only reads it).</para></summary>
internal static class KeptScalars
{
    public static readonly Scalar Zero = 0L.ToScalar();
    public static readonly Scalar One = 1L.ToScalar();
    public static readonly Scalar NegativeInfinity = float.NegativeInfinity.ToScalar();
}
