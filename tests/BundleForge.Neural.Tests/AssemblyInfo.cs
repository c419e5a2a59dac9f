// SequenceTrainer seeds libtorch's one process-wide generator (torch.manual_seed), so two trainings running at once in
// test classes that xUnit would run in parallel draw from each other's stream and "same seed, same model" fails at
// random. Training is one at a time in the product; the tests run one at a time too.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
