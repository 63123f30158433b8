using System.Net.Sockets;
using Npgsql;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>
/// The one place that decides which errors mean "the host's role may have changed": SQLSTATE classes 08, 57P01–57P03,
/// 53, 25006, and I/O failures. Everything else is the caller's own error.
/// </summary>
internal static class PostgresFailureClassifier
{
    public static PostgresFailureKind ClassifySqlState(string? sqlState)
    {
        if (string.IsNullOrEmpty(sqlState) || sqlState.Length != 5) return PostgresFailureKind.None;
        if (sqlState.StartsWith("08", StringComparison.Ordinal)) return PostgresFailureKind.Connection;
        if (sqlState.StartsWith("53", StringComparison.Ordinal)) return PostgresFailureKind.InsufficientResources;
        return sqlState switch
        {
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => PostgresFailureKind.ServerShutdown,
            PostgresErrorCodes.ReadOnlySqlTransaction => PostgresFailureKind.ReadOnly,
            _ => PostgresFailureKind.None,
        };
    }

    public static PostgresFailureKind Classify(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++)
        {
            switch (exception)
            {
                case OperationCanceledException:
                    // The caller's cancellation (or a timeout the caller chose) is not a statement about the host.
                    return PostgresFailureKind.None;
                case PostgresException pg:
                    return ClassifySqlState(pg.SqlState);
                case IOException or SocketException or TimeoutException:
                    return PostgresFailureKind.Connection;
                case AggregateException aggregate:
                    // Npgsql's "Unable to connect to a suitable host": one failover-class inner error is enough.
                    foreach (var inner in aggregate.InnerExceptions)
                    {
                        var kind = Classify(inner);
                        if (kind != PostgresFailureKind.None) return kind;
                    }

                    return PostgresFailureKind.None;
                case NpgsqlException npgsql when npgsql.InnerException is null:
                    // "No suitable host was found." and breaks Npgsql raises itself: transient ones are connection-level.
                    return npgsql.IsTransient || npgsql.Message.Contains("suitable host", StringComparison.OrdinalIgnoreCase)
                        ? PostgresFailureKind.Connection
                        : PostgresFailureKind.None;
            }

            exception = exception.InnerException;
        }

        return PostgresFailureKind.None;
    }
}
