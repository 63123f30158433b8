namespace Dify.HA.Client;

/// <summary>A metadata value to set.</summary>
public sealed record DocumentMetadataValue
{
    /// <summary>The field id.</summary>
    public string? Id { get; init; }

    /// <summary>The field name.</summary>
    public string? Name { get; init; }

    /// <summary>The value: a string, a number, or unix seconds for <c>time</c> fields; null clears it.</summary>
    public object? Value { get; init; }
}
