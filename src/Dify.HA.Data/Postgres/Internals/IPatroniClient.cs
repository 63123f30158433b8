namespace Dify.HA.Data.Postgres.Internals;

/// <summary>Asks a Patroni REST API whether its node is the leader (a seam: unit tests use a fake HTTP handler).</summary>
internal interface IPatroniClient
{
    /// <summary>True only when <c>GET {baseUrl}/primary</c> answers 200; false on any other status or failure.</summary>
    Task<bool> IsLeaderAsync(Uri baseUrl, CancellationToken cancellationToken);
}
