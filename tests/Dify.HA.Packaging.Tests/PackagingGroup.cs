namespace Dify.HA.Packaging.Tests;

/// <summary>One pack for every packaging test.</summary>
[CollectionDefinition(Name)]
public sealed class PackagingGroup : ICollectionFixture<PackedFeedFixture>
{
    public const string Name = "Packaging";
}
