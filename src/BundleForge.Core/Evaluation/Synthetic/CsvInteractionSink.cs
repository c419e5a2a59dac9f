using System.Text;
using BundleForge.Data;

namespace BundleForge.Evaluation.Synthetic;

/// <summary>Writes simulated behaviour as canonical <c>interactions.csv</c> rows
/// (<c>user_id,item_id,timestamp,order_id,event,quantity,price</c>), with ids and prices pre-encoded once per item
/// and user so each row is a handful of buffer copies.</summary>
public sealed class CsvInteractionSink : IShopEventSink, IDisposable
{
    public const string Header = "user_id,item_id,timestamp,order_id,event,quantity,price";

    private static readonly byte[] Purchase = ",purchase,"u8.ToArray();
    private static readonly byte[] Cart = ",,cart,1,\n"u8.ToArray();
    private static readonly byte[] View = ",,view,1,\n"u8.ToArray();

    private readonly Utf8CsvWriter _out;
    private readonly byte[][] _itemId;
    private readonly byte[][] _itemPrice;
    private readonly byte[][] _userId;
    private readonly int _orderWidth;

    public CsvInteractionSink(SyntheticShop shop, string path)
    {
        _itemId = Encode(shop.ItemIds, ",");
        _userId = Encode(shop.UserIds, ",");
        _itemPrice = new byte[shop.ItemCount][];
        for (int i = 0; i < shop.ItemCount; i++)
            _itemPrice[i] = Encoding.ASCII.GetBytes(shop.Price[i].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "\n");
        _orderWidth = Math.Max(7, shop.Options.Orders.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        _out = new Utf8CsvWriter(path);
        _out.Raw(Encoding.ASCII.GetBytes(Header + "\n"));
    }

    /// <summary>Rows written, header excluded.</summary>
    public long Rows { get; private set; }
    /// <summary>Purchase rows (order lines) written.</summary>
    public long OrderLines { get; private set; }
    /// <summary>Orders written.</summary>
    public long Orders { get; private set; }

    private static byte[][] Encode(string[] ids, string suffix)
    {
        var result = new byte[ids.Length][];
        for (int i = 0; i < ids.Length; i++)
            result[i] = Encoding.UTF8.GetBytes(ids[i] + suffix);
        return result;
    }

    public void Event(int user, int item, long unixSeconds, EventKind kind)
    {
        _out.Raw(_userId[user]);
        _out.Raw(_itemId[item]);
        _out.Timestamp(unixSeconds);
        _out.Raw(kind == EventKind.Cart ? Cart : View);
        Rows++;
    }

    public void Order(int user, long unixSeconds, ReadOnlySpan<int> items, ReadOnlySpan<int> quantities)
    {
        long order = Orders++;
        for (int k = 0; k < items.Length; k++)
        {
            int item = items[k];
            _out.Raw(_userId[user]);
            _out.Raw(_itemId[item]);
            _out.Timestamp(unixSeconds);
            _out.Comma();
            _out.PaddedId((byte)'O', order, _orderWidth);
            _out.Raw(Purchase);
            _out.Integer(quantities[k]);
            _out.Comma();
            _out.Raw(_itemPrice[item]);
        }
        Rows += items.Length;
        OrderLines += items.Length;
    }

    public void Dispose() => _out.Dispose();
}
