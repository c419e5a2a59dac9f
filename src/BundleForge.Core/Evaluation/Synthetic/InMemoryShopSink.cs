using BundleForge.Data;

namespace BundleForge.Evaluation.Synthetic;

/// <summary>Collects simulated behaviour straight into a <see cref="Dataset"/> (dense ids = generator indices), so
/// tests and simulations can use a synthetic shop without writing and re-reading CSV.</summary>
public sealed class InMemoryShopSink : IShopEventSink
{
    private readonly List<int> _user = [], _item = [], _order = [];
    private readonly List<long> _time = [];
    private readonly List<EventKind> _kind = [];
    private readonly List<float> _quantity = [], _price = [];
    private readonly List<int> _offsets = [0], _basketItems = [], _basketUser = [];
    private readonly List<long> _basketTime = [];
    private readonly SyntheticShop _shop;

    public InMemoryShopSink(SyntheticShop shop) => _shop = shop;

    public void Event(int user, int item, long unixSeconds, EventKind kind)
    {
        _user.Add(user);
        _item.Add(item);
        _time.Add(unixSeconds);
        _order.Add(-1);
        _kind.Add(kind);
        _quantity.Add(1);
        _price.Add(float.NaN);
    }

    public void Order(int user, long unixSeconds, ReadOnlySpan<int> items, ReadOnlySpan<int> quantities)
    {
        int basket = _basketUser.Count;
        for (int k = 0; k < items.Length; k++)
        {
            _user.Add(user);
            _item.Add(items[k]);
            _time.Add(unixSeconds);
            _order.Add(basket);
            _kind.Add(EventKind.Purchase);
            _quantity.Add(quantities[k]);
            _price.Add(_shop.Price[items[k]]);
        }
        var sorted = items.ToArray();
        Array.Sort(sorted);
        _basketItems.AddRange(sorted);
        _offsets.Add(_basketItems.Count);
        _basketUser.Add(user);
        _basketTime.Add(unixSeconds);
    }

    /// <summary>The dataset collected so far.</summary>
    public Dataset ToDataset()
    {
        var report = new CleaningReport { RowsRead = _user.Count, RowsKept = _user.Count, UsersRead = _shop.UserCount };
        report.Notes.Add($"synthetic shop, seed {_shop.Options.Seed}");
        return new Dataset
        {
            Items = _shop.ToCatalog(),
            Users = new UserTable(_shop.UserIds),
            Interactions = new InteractionTable(_user.ToArray(), _item.ToArray(), _time.ToArray(), _order.ToArray(),
                _kind.ToArray(), _quantity.ToArray(), _price.ToArray()),
            Baskets = new BasketSet(_offsets.ToArray(), _basketItems.ToArray(), _basketUser.ToArray(), _basketTime.ToArray()),
            Report = report,
            Format = "synthetic",
            HasRealTime = true,
        };
    }
}
