namespace Dify.HA.Client;

/// <summary>A metadata field of a dataset (or a built-in one).</summary>
public sealed record DifyMetadataField
{
    /// <summary>The field id (built-in fields have none).</summary>
    public string? Id { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary><c>string</c>, <c>number</c> or <c>time</c>.</summary>
    public string? Type { get; init; }

    /// <summary>How many documents use it (list only).</summary>
    public int? Count { get; init; }
}
