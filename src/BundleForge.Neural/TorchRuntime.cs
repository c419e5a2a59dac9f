using TorchSharp;

namespace BundleForge.Neural;

/// <summary>Loads libtorch once and turns a load failure into a plain <see cref="DataException"/> instead of a
/// native-library stack trace.</summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _loaded;

    /// <summary>Makes sure libtorch is loaded and sets its intra-op thread count (0 keeps libtorch's default).</summary>
    public static void Ensure(int threads = 0)
    {
        lock (Gate)
        {
            if (!_loaded)
            {
                NativeProcessTuning.Apply();
                try
                {
                    torch.InitializeDeviceType(DeviceType.CPU);
                    using var probe = torch.ones(1);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new DataException(
                        "The neural models need libtorch (TorchSharp), and it could not be loaded on this system. On Debian 12 and other " +
                        "systems with a libstdc++ older than GCC 13, build with 'patchelf' and 'g++' installed (run .ci/neural-deps.sh) so the " +
                        $"build can patch libLibTorchSharp.so. Cause: {FirstLine(e.Message)}", inner: e);
                }
                _loaded = true;
            }
            if (threads > 0)
                torch.set_num_threads(threads);
        }
    }

    private static string FirstLine(string s)
    {
        int nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }
}
