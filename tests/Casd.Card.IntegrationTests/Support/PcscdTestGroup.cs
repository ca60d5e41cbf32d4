namespace Casd.Card.IntegrationTests.Support;

/// <summary>
/// Every test that talks to pcscd belongs here: one collection, so no two of them run at the same
/// time (some stop and restart the daemon, some put cards into its vpcd readers).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PcscdTestGroup : ICollectionFixture<PcscdEnvironment>
{
    public const string Name = "pcscd";
}
