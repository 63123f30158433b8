using NpgsqlTypes;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>Read-your-writes arithmetic on log sequence numbers.</summary>
internal static class LsnMath
{
    /// <summary>Whether a standby that has replayed up to <paramref name="replayed"/> shows every write of <paramref name="token"/>.</summary>
    public static bool HasReplayed(NpgsqlLogSequenceNumber? replayed, NpgsqlLogSequenceNumber? token) =>
        token is null || (replayed is { } r && r >= token.Value);

    /// <summary>WAL bytes the standby still has to replay (zero when it is at or past the primary's position).</summary>
    public static long BytesBehind(NpgsqlLogSequenceNumber primary, NpgsqlLogSequenceNumber replayed) =>
        primary > replayed ? (long)Math.Min((ulong)primary - (ulong)replayed, long.MaxValue) : 0;

    /// <summary>The later of two tokens (a session keeps the latest write it made).</summary>
    public static NpgsqlLogSequenceNumber? Max(NpgsqlLogSequenceNumber? a, NpgsqlLogSequenceNumber? b) =>
        a is null ? b : b is null ? a : NpgsqlLogSequenceNumber.Larger(a.Value, b.Value);
}
