using Dify.HA.Chaos.Load;

namespace Dify.HA.Chaos.Clients;

/// <summary>One of the compared clients, able to make the three kinds of call of the load.</summary>
internal interface IChaosClient : IAsyncDisposable
{
    /// <summary>The name in the table: dify-ha, plain, standard or hedging.</summary>
    string Name { get; }

    /// <summary>A caveat printed under the table (e.g. not yet wired to the topology), or null.</summary>
    string? Note { get; }

    /// <summary>
    /// Makes one call and returns whether the caller got a complete answer; calls <see cref="CallContext.OnFirstEvent"/>
    /// on the first meaningful stream event. Exceptions count as failures.
    /// </summary>
    Task<bool> CallAsync(CallKind kind, string query, string user, CallContext context, CancellationToken cancellationToken);
}
