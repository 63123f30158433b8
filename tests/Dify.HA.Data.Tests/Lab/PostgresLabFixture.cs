namespace Dify.HA.Data.Tests.Lab;

/// <summary>
/// Shared by the <see cref="PostgresLabCollection"/>: before its first test and after its last one, restores the
/// normal PostgreSQL topology (<see cref="LabControl.RestorePostgresAsync"/>), so a collection starts from a
/// primary with a streaming standby whatever ran before. Fails every test of the collection with a clear message
/// when the lab is not running. Tests that fail the lab over should still restore it in their own DisposeAsync.
/// </summary>
public sealed class PostgresLabFixture : IAsyncLifetime
{
    /// <summary>The lab's env file (ports, connection strings).</summary>
    public LabEnvironment Environment { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Environment = LabEnvironment.Load();
        await LabControl.RestorePostgresAsync();
    }

    /// <inheritdoc />
    public Task DisposeAsync() => LabControl.RestorePostgresAsync();
}
