using Npgsql;

namespace Dify.HA.Data.Idempotency;

/// <summary>
/// Opens a connection to the PostgreSQL PRIMARY for the idempotency store (it writes on every call). The caller
/// disposes the connection. Today the DI wiring backs it with a plain <see cref="NpgsqlDataSource"/>; it is the seam
/// where the Postgres routing's write intent plugs in.
/// </summary>
/// <param name="cancellationToken">Cancels opening.</param>
/// <returns>An open connection to the primary.</returns>
public delegate ValueTask<NpgsqlConnection> PostgresPrimaryConnectionFactory(CancellationToken cancellationToken);
