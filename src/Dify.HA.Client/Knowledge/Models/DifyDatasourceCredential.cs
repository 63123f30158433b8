namespace Dify.HA.Client;

/// <summary>A credential of a datasource plugin.</summary>
public sealed record DifyDatasourceCredential
{
    /// <summary>The credential id.</summary>
    public string? Id { get; init; }

    /// <summary>Its name.</summary>
    public string? Name { get; init; }

    /// <summary>Its type.</summary>
    public string? Type { get; init; }

    /// <summary>Whether it is the default.</summary>
    public bool? IsDefault { get; init; }
}
