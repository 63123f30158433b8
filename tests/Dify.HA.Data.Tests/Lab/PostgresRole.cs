namespace Dify.HA.Data.Tests.Lab;

/// <summary>What a PostgreSQL node of the lab is right now (<c>pg_is_in_recovery()</c>).</summary>
public enum PostgresRole
{
    /// <summary>Not running, or not answering.</summary>
    Down,

    /// <summary>Accepts writes.</summary>
    Primary,

    /// <summary>In recovery (hot standby).</summary>
    Standby,
}
