namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>Ids used by the Knowledge tests.</summary>
internal static class KnowledgeIds
{
    public const string Dataset = "9da23599-e713-473b-982c-4328d4f5c78a";
    public const string Document = "a8e0e5b5-78c6-4130-a5ce-25feb0e0b4ac";
    public const string Segment = "f3d1c7be-9f3a-40d8-8eb8-3a1ef9c3f2c1";
    public const string Child = "d7e8f9a0-1b2c-3d4e-5f6a-7b8c9d0e1f2a";
    public const string Tag = "f4b5c6d7-e8f9-0a1b-2c3d-4e5f6a7b8c9d";
    public const string Metadata = "1b2c3d4e-5f6a-7b8c-9d0e-1f2a3b4c5d6e";
    public const string Key = "dataset-test-key-0123456789";
}
