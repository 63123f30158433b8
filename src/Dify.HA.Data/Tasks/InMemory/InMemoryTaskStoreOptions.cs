namespace Dify.HA.Data.Tasks.InMemory;

/// <summary>
/// Options of the in-memory task backend (<c>Dify:Tasks:InMemory</c>). The backend is NOT durable: tasks live in
/// this process's memory and are lost when it stops or crashes.
/// </summary>
public sealed class InMemoryTaskStoreOptions
{
    /// <summary>The configuration section: <c>Dify:Tasks:InMemory</c>.</summary>
    public const string SectionName = "Dify:Tasks:InMemory";

    /// <summary>
    /// How long an enqueue-time idempotency key is remembered after its task completed or was dead-lettered, so a
    /// repeat enqueue returns the first id; 0 (forget at once) to 30 days. Default 24 h.
    /// </summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    internal void Validate(string section)
    {
        if (IdempotencyKeyRetention < TimeSpan.Zero || IdempotencyKeyRetention > TimeSpan.FromDays(30))
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                section,
                typeof(InMemoryTaskStoreOptions),
                [$"{section}:{nameof(IdempotencyKeyRetention)} must be from 00:00:00 to 30.00:00:00; set it in that range or remove it to use the default 24:00:00."]);
        }
    }
}
