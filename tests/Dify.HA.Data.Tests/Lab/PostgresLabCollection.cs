namespace Dify.HA.Data.Tests.Lab;

/// <summary>
/// Put <c>[Collection(PostgresLabCollection.Name)]</c> on every test class that uses the lab's PostgreSQL pair:
/// its tests then never run at the same time as each other or as any other lab test (failovers would collide).
/// A class may take <see cref="PostgresLabFixture"/> in its constructor.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "xunit collection definitions are named ...Collection by convention, and the other lab tests refer to this name.")]
public sealed class PostgresLabCollection : ICollectionFixture<PostgresLabFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "HA lab: PostgreSQL";
}
