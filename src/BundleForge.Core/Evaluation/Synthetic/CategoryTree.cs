namespace BundleForge.Evaluation.Synthetic;

/// <summary>The fixed vocabulary of top-level, middle and leaf categories synthetic shops draw from.</summary>
internal static class CategoryTree
{
    /// <summary>Top-level name → (middle name, leaf names).</summary>
    public static readonly (string Top, (string Mid, string[] Leaves)[] Mids)[] All =
    [
        ("Home", [("Decor", ["Lamps", "Vases", "Candles", "Frames"]), ("Textiles", ["Cushions", "Throws", "Curtains", "Rugs"]), ("Storage", ["Boxes", "Baskets", "Shelves"])]),
        ("Kitchen", [("Drinkware", ["Mugs", "Glasses", "Teapots"]), ("Cookware", ["Pans", "Pots", "Lids"]), ("Coffee", ["Beans", "Filters", "Grinders"]), ("Utensils", ["Knives", "Spatulas", "Boards"])]),
        ("Garden", [("Plants", ["Seeds", "Bulbs", "Planters"]), ("Tools", ["Spades", "Gloves", "Shears"]), ("Furniture", ["Chairs", "Tables", "Parasols"])]),
        ("Sports", [("Running", ["Shoes", "Socks", "Bottles"]), ("Fitness", ["Mats", "Weights", "Bands"]), ("Cycling", ["Helmets", "Lights", "Locks"])]),
        ("Beauty", [("Skin", ["Cleansers", "Creams", "Serums"]), ("Hair", ["Shampoo", "Conditioner", "Brushes"]), ("Bath", ["Soaps", "Towels", "Salts"])]),
        ("Toys", [("Games", ["Puzzles", "Cards", "Board Games"]), ("Craft", ["Paints", "Paper", "Crayons"]), ("Outdoor", ["Balls", "Kites", "Bubbles"])]),
        ("Electronics", [("Audio", ["Headphones", "Speakers", "Cables"]), ("Phone", ["Cases", "Chargers", "Screen Protectors"]), ("Computer", ["Mice", "Keyboards", "Hubs"])]),
        ("Office", [("Paper", ["Notebooks", "Envelopes", "Labels"]), ("Writing", ["Pens", "Pencils", "Markers"]), ("Desk", ["Organisers", "Desk Lamps", "Staplers"])]),
    ];

    public static readonly string[] Adjectives =
    [
        "Classic", "Compact", "Deluxe", "Eco", "Essential", "Nordic", "Premium", "Pro", "Rustic", "Slim",
        "Smart", "Soft", "Sport", "Studio", "Travel", "Urban", "Vintage", "Wide", "Mini", "Max",
    ];

    public static readonly string[] BrandSyllables =
    [
        "Nor", "Vik", "Ala", "Bel", "Cor", "Dun", "Eva", "Fal", "Gro", "Hel", "Isk", "Jun", "Kal", "Lum",
        "Mor", "Nex", "Ori", "Pol", "Qua", "Rin", "Sol", "Tor", "Ulm", "Ven", "Wex", "Yar", "Zen", "Aro",
    ];
}
