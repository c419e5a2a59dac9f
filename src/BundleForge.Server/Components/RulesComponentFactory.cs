using BundleForge.Mining;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>rules</c> component, refusing one trained on other items than the model's catalog.</summary>
public sealed class RulesComponentFactory : IServingComponentFactory
{
    public string ComponentName => RulesModel.Component;
    public int Priority => 10;

    public IServingComponent Load(ModelLoadContext context)
    {
        var model = RulesModel.Load(context.Reader);
        var ids = context.Catalog.Ids;
        if (model.ItemIds.Length != ids.Length || !model.ItemIds.AsSpan().SequenceEqual(ids))
            throw new DataException("The rules component was trained on other items than the baseline; train both in one run.", context.Reader.Directory);
        return new RulesComponent(model, context.Catalog);
    }
}
