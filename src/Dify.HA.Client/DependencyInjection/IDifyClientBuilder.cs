using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client;

/// <summary>Returned by <c>AddDifyClient</c> so that further configuration of the same client can be chained
/// (its HTTP client, and later the HA pipeline).</summary>
public interface IDifyClientBuilder
{
    /// <summary>The client's name.</summary>
    string Name { get; }

    /// <summary>The service collection the client is registered in.</summary>
    IServiceCollection Services { get; }
}
