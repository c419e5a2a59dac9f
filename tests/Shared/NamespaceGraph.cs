// Shared by the test projects: each links this file with <Compile Include="..\Shared\NamespaceGraph.cs" Link=... />.
using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace BundleForge.Tests.Architecture;

/// <summary>
/// The dependency graph between the namespaces of one compiled assembly, and the cycles in it.
/// <para>Built from the compiled assembly, not from <c>using</c> lines: C# lets a namespace see its parents' types
/// without a using, and fully qualified names need none, so source usings miss edges. Every type of the assembly
/// (compiler-generated closures, iterators and async state machines included, counted in the namespace of their
/// outermost declaring type) contributes the types it references through its base type, interfaces, generic
/// constraints, attributes, fields, properties, events, method and constructor signatures, local variables, catch
/// clauses and the metadata tokens of its method bodies' IL (types, called methods' and accessed fields' declaring
/// types, generic arguments, <c>typeof</c>/<c>ldtoken</c>). Only edges between two different namespaces of the same
/// assembly that both start with the prefix count; namespaces are exact (a parent and its child are distinct nodes).</para>
/// <para>Not seen, because the compiler leaves no trace of them in IL: constants (including enum members) and default
/// parameter values copied from another namespace, and <c>nameof</c>.</para>
/// </summary>
internal sealed class NamespaceGraph
{
    private sealed class Edge(string from, string to)
    {
        public string ExampleFrom { get; set; } = from;
        public string ExampleTo { get; set; } = to;
        public int ExampleRank { get; set; } = int.MaxValue;
        public HashSet<(string, string)> TypePairs { get; } = [];
    }

    private readonly SortedDictionary<string, SortedDictionary<string, Edge>> _edges = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _nodes = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private readonly SortedSet<string> _referencedAssemblies = new(StringComparer.Ordinal);

    /// <summary>Name used in reports (the assembly's name, or what a hand-made graph was given).</summary>
    public string Name { get; }

    /// <summary>Types whose references were collected (0 for a hand-made graph).</summary>
    public int TypeCount { get; private set; }

    /// <summary>Things the builder could not resolve; when not empty the graph may be missing edges.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public IReadOnlyCollection<string> Nodes => _nodes;

    /// <summary>Names of the assemblies defining every type the scanned types reference (whatever the namespace),
    /// after type forwarding: a check of what the assembly really uses beyond its reference list.</summary>
    public IReadOnlyCollection<string> ReferencedAssemblies => _referencedAssemblies;

    public NamespaceGraph(string name) => Name = name;

    /// <summary>Adds <paramref name="fromNamespace"/> → <paramref name="toNamespace"/> with one example type-level
    /// reference (shown in reports); self edges only add the node. Lower <paramref name="rank"/> examples win;
    /// <paramref name="fromType"/> (default: <paramref name="exampleFrom"/>) counts distinct type pairs.</summary>
    public void AddEdge(string fromNamespace, string toNamespace, string exampleFrom, string exampleTo, int rank = 0, string? fromType = null)
    {
        _nodes.Add(fromNamespace);
        _nodes.Add(toNamespace);
        if (fromNamespace == toNamespace)
            return;
        if (!_edges.TryGetValue(fromNamespace, out var targets))
            _edges[fromNamespace] = targets = new(StringComparer.Ordinal);
        if (!targets.TryGetValue(toNamespace, out var edge))
            targets[toNamespace] = edge = new Edge(exampleFrom, exampleTo);
        edge.TypePairs.Add((fromType ?? exampleFrom, exampleTo));
        if (rank < edge.ExampleRank)
            (edge.ExampleRank, edge.ExampleFrom, edge.ExampleTo) = (rank, exampleFrom, exampleTo);
    }

    public bool HasEdge(string from, string to) => _edges.TryGetValue(from, out var t) && t.ContainsKey(to);

    /// <summary>"X uses Y" for an edge, or null.</summary>
    public string? ExampleOf(string from, string to) =>
        _edges.TryGetValue(from, out var t) && t.TryGetValue(to, out var e) ? $"{e.ExampleFrom} uses {e.ExampleTo}" : null;

    private IEnumerable<string> Successors(string node) =>
        _edges.TryGetValue(node, out var t) ? t.Keys : [];

    // ----------------------------------------------------------------------------------------------------------
    // Cycles

    /// <summary>Strongly connected components of more than one namespace (Tarjan), each sorted, in name order.
    /// Every namespace cycle lies inside one of them.</summary>
    public List<List<string>> StronglyConnectedComponents()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<List<string>>();
        int next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Successors(v))
            {
                if (!index.ContainsKey(w))
                { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w))
                    low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string x;
            do
            { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1)
            { component.Sort(StringComparer.Ordinal); result.Add(component); }
        }

        foreach (var n in _nodes)
            if (!index.ContainsKey(n))
                Visit(n);
        result.Sort((a, b) => string.CompareOrdinal(a[0], b[0]));
        return result;
    }

    /// <summary>Elementary cycles that together cover every edge inside every strongly connected component: for each
    /// such edge u → v, the shortest way back from v to u. Each cycle starts at its smallest namespace; no duplicates.</summary>
    public List<List<string>> Cycles()
    {
        var cycles = new List<List<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in StronglyConnectedComponents())
        {
            var inside = new HashSet<string>(component, StringComparer.Ordinal);
            var found = new List<List<string>>();
            foreach (var u in component)
                foreach (var v in Successors(u).Where(inside.Contains))
                {
                    var back = ShortestPath(v, u, inside);
                    if (back is null)
                        continue; // cannot happen inside a component
                    var cycle = new List<string> { u };
                    cycle.AddRange(back.Take(back.Count - 1)); // v … (last before u)
                    int start = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
                    var rotated = cycle.Skip(start).Concat(cycle.Take(start)).ToList();
                    if (seen.Add(string.Join(" ", rotated)))
                        found.Add(rotated);
                }
            found.Sort((a, b) => a.Count != b.Count ? a.Count.CompareTo(b.Count) : string.CompareOrdinal(string.Join(" ", a), string.Join(" ", b)));
            cycles.AddRange(found);
        }
        return cycles;
    }

    private List<string>? ShortestPath(string from, string to, HashSet<string> within)
    {
        var parent = new Dictionary<string, string?>(StringComparer.Ordinal) { [from] = null };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var x = queue.Dequeue();
            if (x == to)
            {
                var path = new List<string>();
                for (string? p = x; p is not null; p = parent[p])
                    path.Add(p);
                path.Reverse();
                return path;
            }
            foreach (var y in Successors(x))
                if (within.Contains(y) && parent.TryAdd(y, x))
                    queue.Enqueue(y);
        }
        return null;
    }

    /// <summary>One cycle as a chain, e.g. <c>A -> B (A.X uses B.Y; 2 type pairs) -> A (B.Z uses A.W; 1 type pair)</c>.</summary>
    public string Describe(IReadOnlyList<string> cycle)
    {
        var sb = new StringBuilder(cycle[0]);
        for (int i = 0; i < cycle.Count; i++)
        {
            string from = cycle[i], to = cycle[(i + 1) % cycle.Count];
            var e = _edges[from][to];
            int pairs = e.TypePairs.Count;
            sb.Append(" -> ").Append(to).Append(" (").Append(e.ExampleFrom).Append(" uses ").Append(e.ExampleTo)
              .Append("; ").Append(pairs).Append(pairs == 1 ? " type pair)" : " type pairs)");
        }
        return sb.ToString();
    }

    /// <summary>Empty when there is no cycle and nothing went unresolved; otherwise a report for a maintainer: each
    /// group of namespaces that depend on each other, and cycles through every edge inside the group.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        var components = StronglyConnectedComponents();
        if (components.Count > 0)
        {
            sb.Append("Namespace cycles in ").Append(Name).Append(": ").Append(components.Count)
              .Append(components.Count == 1 ? " group" : " groups").Append(" of namespaces that depend on each other.\n")
              .Append("Each line is one cycle, with one example type reference per step (\"X uses Y\") and how many distinct type pairs make that step; cut a step to break the cycle.\n");
            var cycles = Cycles();
            int g = 0;
            foreach (var component in components)
            {
                sb.Append("Group ").Append(++g).Append(": ").Append(string.Join(", ", component)).Append('\n');
                var members = new HashSet<string>(component, StringComparer.Ordinal);
                foreach (var c in cycles.Where(c => members.Contains(c[0])))
                    sb.Append("  ").Append(Describe(c)).Append('\n');
            }
        }
        if (_problems.Count > 0)
        {
            sb.Append("The graph of ").Append(Name).Append(" may be incomplete; these could not be resolved:\n");
            foreach (var p in _problems.Take(50))
                sb.Append("  ").Append(p).Append('\n');
            if (_problems.Count > 50)
                sb.Append("  … and ").Append(_problems.Count - 50).Append(" more\n");
        }
        return sb.ToString();
    }

    // ----------------------------------------------------------------------------------------------------------
    // Building from a compiled assembly

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic |
                                          BindingFlags.Instance | BindingFlags.Static;

    private static readonly OpCode?[] OneByteOpCodes = new OpCode?[256];
    private static readonly OpCode?[] TwoByteOpCodes = new OpCode?[256];

    static NamespaceGraph()
    {
        foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (f.GetValue(null) is not OpCode op)
                continue;
            ushort value = unchecked((ushort)op.Value);
            if (op.Size == 1)
                OneByteOpCodes[value] = op;
            else
                TwoByteOpCodes[value & 0xFF] = op;
        }
    }

    /// <summary>The namespace graph of <paramref name="assembly"/>'s own types in namespaces starting with
    /// <paramref name="prefix"/> (the namespace itself or <c>prefix.</c>…).</summary>
    public static NamespaceGraph FromAssembly(Assembly assembly, string prefix = "BundleForge")
    {
        var graph = new NamespaceGraph(assembly.GetName().Name ?? assembly.FullName ?? "?");
        Type[] types;
        try
        { types = assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.OfType<Type>().ToArray();
            foreach (var le in e.LoaderExceptions.Take(20))
                graph._problems.Add($"type load: {le?.Message}");
        }
        bool InScope(string? ns) => ns is not null && (ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal));

        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var owner = Outermost(type);
            if (!InScope(owner.Namespace))
                continue;
            graph.TypeCount++;
            graph._nodes.Add(owner.Namespace!);
            new Collector(graph, assembly, type, owner, prefix, InScope).Run();
        }
        return graph;
    }

    private static Type Outermost(Type t)
    {
        while (t.DeclaringType is { } d)
            t = d;
        return t;
    }

    private static bool IsCompilerGenerated(string name) => name.StartsWith('<');

    private static string ShortName(Type t, string prefix)
    {
        // Outer.Inner for nested types, skipping compiler-generated levels; no generic arity; prefix "BundleForge." dropped.
        var parts = new List<string>();
        for (var x = t; x is not null; x = x.DeclaringType)
            if (!IsCompilerGenerated(x.Name) || x.DeclaringType is null)
                parts.Add(StripArity(x.Name));
        parts.Reverse();
        string ns = Outermost(t).Namespace ?? "";
        string full = ns.Length > 0 ? ns + "." + string.Join(".", parts) : string.Join(".", parts);
        return full.StartsWith(prefix + ".", StringComparison.Ordinal) ? full[(prefix.Length + 1)..] : full;
    }

    private static string StripArity(string name)
    {
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>Source-level name of a member inside possibly compiler-generated types: "Import" for
    /// <c>&lt;Import&gt;b__0</c>, <c>&lt;Import&gt;d__3.MoveNext</c> or <c>Import</c>; null when nothing readable.</summary>
    private static string? SourceMemberName(Type type, MemberInfo? member)
    {
        for (var x = type; x is not null; x = x.DeclaringType)
            if (IsCompilerGenerated(x.Name) && Readable(x.Name) is { } fromType)
                return fromType;
        if (member is null)
            return null;
        if (IsCompilerGenerated(member.Name))
            return Readable(member.Name);
        return member.Name switch { ".ctor" => "ctor", ".cctor" => "cctor", var n => n };
    }

    private static string? Readable(string generated)
    {
        int close = generated.IndexOf('>');
        if (close <= 1)
            return null; // "<>c", "<>c__DisplayClass0_0" carry no name
        string name = generated[1..close];
        int local = generated.IndexOf(">g__", StringComparison.Ordinal);
        if (local > 0)
        {
            int bar = generated.IndexOf('|', local);
            if (bar > local)
                name += "." + generated[(local + 4)..bar];
        }
        return name;
    }

    /// <summary>Collects the references of one type (and its members) into the graph.</summary>
    private sealed class Collector(NamespaceGraph graph, Assembly assembly, Type type, Type owner, string prefix, Func<string?, bool> inScope)
    {
        private readonly string _fromNs = owner.Namespace!;
        private readonly string _prefix = prefix;
        private readonly string _fromType = ShortName(type, prefix);
        private MemberInfo? _member;

        public void Run()
        {
            _member = null;
            Guard("base type and interfaces", () =>
            {
                Add(type.BaseType);
                var inherited = type.BaseType?.GetInterfaces() ?? [];
                foreach (var i in type.GetInterfaces().Except(inherited))
                    Add(i);
                if (type.IsGenericTypeDefinition)
                    foreach (var p in type.GetGenericArguments())
                        Constraints(p);
            });
            Attributes(type.GetCustomAttributesData);

            foreach (var m in type.GetMembers(Declared).OrderBy(m => m.MetadataToken))
            {
                _member = m;
                switch (m)
                {
                    case FieldInfo f:
                        Guard(f.Name, () => Add(f.FieldType));
                        Attributes(f.GetCustomAttributesData);
                        break;
                    case PropertyInfo p:
                        Guard(p.Name, () =>
                        {
                            Add(p.PropertyType);
                            foreach (var ip in p.GetIndexParameters())
                                Add(ip.ParameterType);
                        });
                        Attributes(p.GetCustomAttributesData);
                        break;
                    case EventInfo e:
                        Guard(e.Name, () => Add(e.EventHandlerType));
                        Attributes(e.GetCustomAttributesData);
                        break;
                    case MethodBase mb:
                        Method(mb);
                        break;
                }
            }
        }

        private void Method(MethodBase m)
        {
            Guard(m.Name, () =>
            {
                if (m is MethodInfo mi)
                {
                    Add(mi.ReturnType);
                    Attributes(mi.ReturnParameter.GetCustomAttributesData);
                    if (mi.IsGenericMethodDefinition)
                        foreach (var p in mi.GetGenericArguments())
                            Constraints(p);
                }
                foreach (var p in m.GetParameters())
                {
                    Add(p.ParameterType);
                    Attributes(p.GetCustomAttributesData);
                }
            });
            Attributes(m.GetCustomAttributesData);
            MethodBody? body = null;
            Guard(m.Name, () => body = m.GetMethodBody());
            if (body is null)
                return;
            Guard(m.Name, () =>
            {
                foreach (var local in body.LocalVariables)
                    Add(local.LocalType);
                foreach (var clause in body.ExceptionHandlingClauses)
                    if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
                        Add(clause.CatchType);
            });
            Il(m, body.GetILAsByteArray() ?? []);
        }

        private void Il(MethodBase m, byte[] il)
        {
            var module = m.Module;
            Type[]? typeArgs = m.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
            Type[]? methodArgs = m is MethodInfo { IsGenericMethod: true } mi ? mi.GetGenericArguments() : null;
            int i = 0;
            while (i < il.Length)
            {
                int at = i;
                OpCode? op = il[i] == 0xFE && i + 1 < il.Length ? TwoByteOpCodes[il[++i]] : OneByteOpCodes[il[i]];
                i++;
                if (op is not { } code)
                {
                    graph._problems.Add($"{Where()}: unknown IL opcode 0x{il[at]:X2} at offset {at}; the rest of its body was not scanned");
                    return;
                }
                int size = code.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                    _ => 4,
                };
                if (code.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
                {
                    int token = BitConverter.ToInt32(il, i);
                    try
                    {
                        switch (code.OperandType)
                        {
                            case OperandType.InlineType:
                                Add(module.ResolveType(token, typeArgs, methodArgs));
                                break;
                            case OperandType.InlineMethod:
                                Member(module.ResolveMethod(token, typeArgs, methodArgs));
                                break;
                            case OperandType.InlineField:
                                Member(module.ResolveField(token, typeArgs, methodArgs));
                                break;
                            default:
                                Member(module.ResolveMember(token, typeArgs, methodArgs));
                                break;
                        }
                    }
                    catch (Exception e) when (e is ArgumentException or TypeLoadException or FileNotFoundException or FileLoadException
                                                  or BadImageFormatException or MissingMemberException or NotSupportedException)
                    {
                        graph._problems.Add($"{Where()}: cannot resolve token 0x{token:X8} of {code.Name}: {e.Message}");
                    }
                }
                i += size;
            }
        }

        private void Member(MemberInfo? member)
        {
            switch (member)
            {
                case Type t:
                    Add(t);
                    break;
                case MethodInfo { IsGenericMethod: true } g:
                    Add(g.DeclaringType);
                    foreach (var a in g.GetGenericArguments())
                        Add(a);
                    break;
                case not null:
                    Add(member.DeclaringType);
                    break;
            }
        }

        private void Constraints(Type genericParameter)
        {
            foreach (var c in genericParameter.GetGenericParameterConstraints())
                Add(c);
        }

        private void Attributes(Func<IList<CustomAttributeData>> get)
        {
            Guard("attributes", () =>
            {
                foreach (var a in get())
                {
                    Add(a.AttributeType);
                    foreach (var arg in a.ConstructorArguments)
                        Argument(arg);
                    foreach (var named in a.NamedArguments)
                        Argument(named.TypedValue);
                }
            });
        }

        private void Argument(CustomAttributeTypedArgument arg)
        {
            Add(arg.ArgumentType);
            switch (arg.Value)
            {
                case Type t:
                    Add(t);
                    break;
                case IEnumerable<CustomAttributeTypedArgument> items:
                    foreach (var x in items)
                        Argument(x);
                    break;
            }
        }

        private void Guard(string what, Action action)
        {
            try
            { action(); }
            catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException
                                          or ArgumentException or NotSupportedException or InvalidOperationException)
            {
                graph._problems.Add($"{ShortName(type, _prefix)} ({what}): {e.GetType().Name}: {e.Message}");
            }
        }

        private string Where()
        {
            var name = _fromType;
            return SourceMemberName(type, _member) is { } m ? name + "." + m : name;
        }

        /// <summary>Adds the edge for <paramref name="t"/> and for every type it is made of (generic arguments,
        /// element types, function pointer signatures).</summary>
        private void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter)
                return;
            if (t.HasElementType)
            { Add(t.GetElementType()); return; }
            if (t.IsFunctionPointer)
            {
                Add(t.GetFunctionPointerReturnType());
                foreach (var p in t.GetFunctionPointerParameterTypes())
                    Add(p);
                return;
            }
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var a in t.GetGenericArguments())
                    Add(a);
                return;
            }
            var target = Outermost(t);
            graph._referencedAssemblies.Add(target.Assembly.GetName().Name ?? "?");
            if (target.Assembly != assembly || !inScope(target.Namespace))
                return;
            // Examples from hand-written types read better than ones from compiler-generated closures.
            int rank = type == owner || !IsCompilerGenerated(type.Name) ? 0 : 1;
            graph.AddEdge(_fromNs, target.Namespace!, Where(), ShortName(t, _prefix), rank, _fromType);
        }
    }
}
