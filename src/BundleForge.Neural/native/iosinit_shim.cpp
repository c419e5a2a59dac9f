// Provides std::ios_base_library_init(), which GCC 13's libstdc++ exports at GLIBCXX_3.4.32 and which
// libLibTorchSharp.so calls once to make sure the standard streams are initialised. Older libstdc++ (Debian 12's
// GCC 12) initialises the streams through static std::ios_base::Init objects instead, so constructing one here has
// the same effect. The build links this into libiosinit_shim.so and adds it as a NEEDED library of the patched
// libLibTorchSharp.so only on systems whose libstdc++ lacks GLIBCXX_3.4.32.
#include <ios>

namespace std
{
    void ios_base_library_init()
    {
        static ios_base::Init init;
    }
}
