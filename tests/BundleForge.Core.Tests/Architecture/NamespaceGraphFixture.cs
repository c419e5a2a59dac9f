// Types for NamespaceGraphTests: every reference between these namespaces is inside a method body, where reading
// `using` lines (there are none) or signatures would miss it. Alpha <-> Beta is a cycle; Alpha -> Gamma -> Delta is not.

namespace BundleForge.Core.Tests.Architecture.Fixture.Alpha
{
    public static class A
    {
        // Alpha -> Beta only inside a lambda that captures n (a closure class nested in A).
        public static object Make(int n)
        {
            Func<object> make = () => Beta.B.Create(n);
            return make();
        }

        // Alpha -> Gamma only inside an async state machine.
        public static async Task<int> LaterAsync()
        {
            await Task.Yield();
            return Gamma.G.Value;
        }
    }
}

namespace BundleForge.Core.Tests.Architecture.Fixture.Beta
{
    public static class B
    {
        public static object Create(int n) => n;

        // Beta -> Alpha only through typeof (ldtoken) in a method body.
        public static Type Partner() => typeof(Alpha.A);
    }
}

namespace BundleForge.Core.Tests.Architecture.Fixture.Gamma
{
    public static class G
    {
        public static readonly int Value = Count();

        // Gamma -> Delta only as the generic argument of a list built in a method body.
        private static int Count()
        {
            var list = new List<Delta.D>();
            return list.Count;
        }
    }
}

namespace BundleForge.Core.Tests.Architecture.Fixture.Delta
{
    public sealed class D;
}
