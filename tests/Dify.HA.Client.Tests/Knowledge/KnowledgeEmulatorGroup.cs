namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>The test classes that share one knowledge emulator.</summary>
[CollectionDefinition(nameof(KnowledgeEmulatorGroup))]
public sealed class KnowledgeEmulatorGroup : ICollectionFixture<KnowledgeEmulatorFixture>;
