namespace BundleForge.Server.Serving;

/// <summary>A trained model component loaded for serving. It also implements one or more capabilities
/// (<see cref="IRecommender"/>, <see cref="IFrequentlyBoughtTogether"/>, <see cref="IBundleOffers"/>,
/// <see cref="IBundlePricer"/>); the server routes each endpoint to the highest-priority component that has it.</summary>
public interface IServingComponent
{
    /// <summary>The component's folder name in the model (e.g. <c>baseline</c>, <c>rules</c>, <c>sasrec</c>).</summary>
    string Name { get; }
}
