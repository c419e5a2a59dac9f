using BundleForge.Neural;
using BundleForge.Server.Serving;
using static TorchSharp.torch;

namespace BundleForge.Server.Components;

/// <summary>Recommendations from the <c>sasrec</c> sequence model: the user's purchase history followed by their live
/// session events (views, carts, purchases, accepted offers) is run through the Transformer, and the catalog items
/// whose embeddings score highest against the last hidden state are returned. Only the real tokens are fed (no
/// padding: the model's right-aligned positions and padding mask make that exact), and item scoring runs in managed
/// code over a copy of the item table, so a request costs one short forward pass and one scan. The user's past purchases
/// are left out unless the model learned at training time that its shop's customers re-buy
/// (<see cref="SequenceModelConfig.MaskHistory"/> false): then they compete on their scores, as in its evaluation.</summary>
public sealed class SasRecRecommender : IRecommender
{
    public const string Component = "sasrec";

    private readonly SequenceTransformer _network;
    private readonly float[] _itemTable;
    private readonly int _dimensions;
    private readonly int _maxLength;
    private readonly int _items;
    private readonly bool _ownedAllowed;

    [ThreadStatic] private static long[]?[]? t_tokens;
    [ThreadStatic] private static int[]? t_history;
    [ThreadStatic] private static float[]? t_hidden;

    /// <summary>Serves <paramref name="network"/> under its history rule, or under <paramref name="maskHistory"/> when
    /// given; a folder from before the rule (none stored) leaves past purchases out, as it always did.</summary>
    public SasRecRecommender(SequenceTransformer network, bool? maskHistory = null)
    {
        _ownedAllowed = (maskHistory ?? network.Config.MaskHistory) == false;
        _network = network;
        _network.eval();
        var config = network.Config;
        _dimensions = config.Dim;
        _maxLength = config.MaxLength;
        _items = config.ItemCount;
        using (no_grad())
        using (var table = network.ItemTable.contiguous())
            _itemTable = table.data<float>().ToArray();
    }

    public string Name => Component;

    /// <summary>The sequence fed to the model for a user: purchase history (most recent last) then live session
    /// events, the newest <c>MaxLength</c> of them; returns the count written at the end of <paramref name="into"/>.</summary>
    internal int SequenceOf(UserSnapshot user, Span<int> into)
    {
        int at = into.Length;
        for (int x = user.Session.Length - 1; x >= 0 && at > 0; x--)
        {
            var e = user.Session[x];
            if (e.Type is EventType.View or EventType.Cart or EventType.Purchase or EventType.OfferAccepted && (uint)e.Item < (uint)_items)
                into[--at] = e.Item;
        }
        for (int x = user.History.Length - 1; x >= 0 && at > 0; x--)
            if ((uint)user.History[x] < (uint)_items)
                into[--at] = user.History[x];
        return into.Length - at;
    }

    public IReadOnlyList<Suggestion> Recommend(UserSnapshot user, int k)
    {
        var history = t_history is { } h && h.Length == _maxLength ? h : (t_history = new int[_maxLength]);
        int length = SequenceOf(user, history);
        if (length == 0)
            return [];
        var rows = t_tokens is { } t && t.Length == _maxLength + 1 ? t : (t_tokens = new long[]?[_maxLength + 1]);
        var tokens = rows[length] ??= new long[length];
        for (int i = 0; i < length; i++)
            tokens[i] = history[_maxLength - length + i] + 1;
        var hidden = t_hidden is { } v && v.Length == _dimensions ? v : (t_hidden = new float[_dimensions]);
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var states = _network.forward(tensor(tokens, [1, length]));
            states[0, length - 1].data<float>().CopyTo(hidden);
        }
        return VectorTopK.Search(_itemTable, _dimensions, hidden, null, user, k, Name, _ownedAllowed);
    }
}
