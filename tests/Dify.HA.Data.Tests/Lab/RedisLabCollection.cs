namespace Dify.HA.Data.Tests.Lab;

/// <summary>
/// Put <c>[Collection(RedisLabCollection.Name)]</c> on every test class that uses the lab's Redis (Sentinel or
/// Cluster): its tests then never run at the same time as each other or as any other lab test.
/// A class may take <see cref="RedisLabFixture"/> in its constructor.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "xunit collection definitions are named ...Collection by convention, and the other lab tests refer to this name.")]
public sealed class RedisLabCollection : ICollectionFixture<RedisLabFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "HA lab: Redis";
}
