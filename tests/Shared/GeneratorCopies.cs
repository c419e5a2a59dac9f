using System.Reflection;

namespace BundleForge.Tests.Architecture;

/// <summary>Finds the places of an assembly that copy a <see cref="SeededRandom"/>: a method parameter taken by value
/// (each call then draws from a copy and the caller's generator never advances, as CrossCBR's negative sampler once
/// did) and a read-only field (every call on it runs on a defensive copy).</summary>
internal static class GeneratorCopies
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>One line per copying place, as "Type.Member: why"; empty when there is none.</summary>
    public static List<string> In(Assembly assembly)
    {
        var found = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
                foreach (var p in method.GetParameters())
                    if (p.ParameterType == typeof(SeededRandom))
                        found.Add($"{type.FullName}.{method.Name}: parameter '{p.Name}' takes the generator by value (use ref)");
            foreach (var field in type.GetFields(Everything))
                if (field.FieldType == typeof(SeededRandom) && field.IsInitOnly)
                    found.Add($"{type.FullName}.{field.Name}: a read-only generator field is copied on every call");
        }
        return found;
    }
}
