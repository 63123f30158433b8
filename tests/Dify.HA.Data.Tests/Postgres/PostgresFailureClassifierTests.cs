using System.Net.Sockets;
using Dify.HA.Data.Postgres.Internals;
using Npgsql;

namespace Dify.HA.Data.Tests.Postgres;

public sealed class PostgresFailureClassifierTests
{
    [Theory]
    [InlineData("08000", "Connection")]
    [InlineData("08006", "Connection")]
    [InlineData("08P01", "Connection")]
    [InlineData("57P01", "ServerShutdown")]
    [InlineData("57P02", "ServerShutdown")]
    [InlineData("57P03", "ServerShutdown")]
    [InlineData("53300", "InsufficientResources")]
    [InlineData("53100", "InsufficientResources")]
    [InlineData("25006", "ReadOnly")]
    [InlineData("57014", "None")] // statement timeout / cancel: the caller's, not the host's
    [InlineData("57P04", "None")]
    [InlineData("23505", "None")]
    [InlineData("40001", "None")]
    [InlineData("25P02", "None")]
    [InlineData("", "None")]
    public void Sqlstate_classes_that_mean_the_role_may_have_changed(string sqlState, string expectedKind)
    {
        var expected = Enum.Parse<PostgresFailureKind>(expectedKind);
        Assert.Equal(expected, PostgresFailureClassifier.ClassifySqlState(sqlState));
        if (sqlState.Length == 5)
        {
            Assert.Equal(expected, PostgresFailureClassifier.Classify(new PostgresException("m", "ERROR", "ERROR", sqlState)));
        }
    }

    [Fact]
    public void Write_on_a_demoted_primary_is_read_only()
    {
        var ex = new PostgresException("cannot execute INSERT in a read-only transaction", "ERROR", "ERROR", "25006");
        Assert.Equal(PostgresFailureKind.ReadOnly, PostgresFailureClassifier.Classify(ex));
    }

    [Fact]
    public void Io_errors_wrapped_by_npgsql_are_connection_failures()
    {
        var ex = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());
        Assert.Equal(PostgresFailureKind.Connection, PostgresFailureClassifier.Classify(ex));
    }

    [Fact]
    public void Refused_connections_are_connection_failures()
    {
        var ex = new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(PostgresFailureKind.Connection, PostgresFailureClassifier.Classify(ex));
    }

    [Fact]
    public void Connect_timeouts_are_connection_failures()
    {
        var ex = new NpgsqlException("The operation has timed out", new TimeoutException());
        Assert.Equal(PostgresFailureKind.Connection, PostgresFailureClassifier.Classify(ex));
    }

    [Fact]
    public void No_suitable_host_is_a_connection_failure()
    {
        Assert.Equal(PostgresFailureKind.Connection, PostgresFailureClassifier.Classify(new NpgsqlException("No suitable host was found.")));
    }

    [Fact]
    public void Multi_host_aggregate_with_one_failover_error_is_classified()
    {
        var ex = new NpgsqlException(
            "Unable to connect to a suitable host.",
            new AggregateException(new InvalidOperationException("x"), new NpgsqlException("Failed", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal(PostgresFailureKind.Connection, PostgresFailureClassifier.Classify(ex));
    }

    [Fact]
    public void Cancellation_and_plain_errors_are_not_failover_errors()
    {
        Assert.Equal(PostgresFailureKind.None, PostgresFailureClassifier.Classify(new OperationCanceledException()));
        Assert.Equal(PostgresFailureKind.None, PostgresFailureClassifier.Classify(new NpgsqlException("bad", new OperationCanceledException())));
        Assert.Equal(PostgresFailureKind.None, PostgresFailureClassifier.Classify(new InvalidOperationException("x")));
        Assert.Equal(PostgresFailureKind.None, PostgresFailureClassifier.Classify(null));
    }
}
