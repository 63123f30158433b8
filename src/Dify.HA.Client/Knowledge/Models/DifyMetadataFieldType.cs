namespace Dify.HA.Client;

/// <summary>The type of a dataset metadata field.</summary>
public enum DifyMetadataFieldType
{
    /// <summary><c>string</c>: text.</summary>
    Text,

    /// <summary><c>number</c>.</summary>
    Number,

    /// <summary><c>time</c> (unix seconds).</summary>
    Time,
}
