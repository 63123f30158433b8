namespace Dify.HA.Data.Tasks;

/// <summary>Options shared by all queues, bound from <c>Dify:Tasks</c>.</summary>
public sealed class DifyTasksOptions
{
    /// <summary>The configuration section: <c>Dify:Tasks</c> (queues under <c>Dify:Tasks:Queues:{name}</c>).</summary>
    public const string SectionName = "Dify:Tasks";

    /// <summary>
    /// This process's name in consumer ids and logs (a consumer id is <c>{ConsumerName}/{queue}/{random}</c>), 1 to 100
    /// characters without '/'. Default <c>{machine name}-{process id}</c>.
    /// </summary>
    public string ConsumerName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConsumerName) || ConsumerName.Length > 100 || ConsumerName.Contains('/', StringComparison.Ordinal))
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                SectionName,
                typeof(DifyTasksOptions),
                [$"{SectionName}:{nameof(ConsumerName)} must be 1 to 100 characters without '/'; set it or remove it to use the default (machine name and process id)."]);
        }
    }
}
