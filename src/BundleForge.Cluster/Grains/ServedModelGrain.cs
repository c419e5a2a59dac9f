namespace BundleForge.Cluster.Grains;

/// <summary>Holds the served model version in grain storage (<see cref="ClusterMode.StorageName"/>).</summary>
public sealed class ServedModelGrain([PersistentState("served-model", ClusterMode.StorageName)] IPersistentState<ServedModel> state) : Grain, IServedModelGrain
{
    public Task<ServedModel> Current() => Task.FromResult(new ServedModel { Version = state.State.Version, Generation = state.State.Generation });

    public async Task<ServedModel> Publish(string version)
    {
        state.State.Version = version;
        state.State.Generation++;
        await state.WriteStateAsync();
        return await Current();
    }
}
