namespace BundleForge.Bundles.Explanation;

/// <summary>A new product in the bundle, placed from its text: "Dinosaur lunch bag: new in the shop; close to Red
/// lunch bag that you bought". <paramref name="Subject"/> is the customer's item it is closest to in text and
/// <paramref name="Relation"/> how the customer holds that item. Complete when both names are filled and differ.</summary>
public sealed record NewProductReason(int Item, string Name, int SubjectItem, string Subject, NewProductRelation Relation) : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "new_product";

    /// <inheritdoc/>
    public override bool IsComplete => Filled(Name) && Filled(Subject) && !string.Equals(Subject, Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string Text => $"{Name}: new in the shop; close to {Subject} {Held}";

    private string Held => Relation switch
    {
        NewProductRelation.LookingAt => "that you are looking at",
        NewProductRelation.InCart => "in your cart",
        _ => "that you bought",
    };
}

/// <summary>How the customer holds the item a new product is close to.</summary>
public enum NewProductRelation
{
    /// <summary>They bought it.</summary>
    Bought,
    /// <summary>It is the product they are looking at.</summary>
    LookingAt,
    /// <summary>It is in their cart.</summary>
    InCart,
}
