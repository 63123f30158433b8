using System.Text.Json.Serialization.Metadata;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Tasks.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tasks.Internals;

/// <summary>Start-up checks of a queue's options against the registered services.</summary>
internal static class TaskQueueValidation
{
    public static void ValidateServices<TPayload>(string name, TaskQueueOptions options, IServiceProvider services)
    {
        var prefix = $"{DifyTasksOptions.SectionName}:Queues:{name}";
        if (options.JsonTypeInfo is not null and not JsonTypeInfo<TPayload>)
        {
            throw new OptionsValidationException(prefix, typeof(TaskQueueOptions), [
                $"{prefix}:{nameof(TaskQueueOptions.JsonTypeInfo)} is for {options.JsonTypeInfo.Type.Name}, not the queue's payload {typeof(TPayload).Name}; pass the payload's JsonTypeInfo."]);
        }

        if (options.EffectOnce && services.GetService<IIdempotencyStore>() is null && services.GetService<ITaskStore>() is not InMemoryTaskStore)
        {
            throw new OptionsValidationException(prefix, typeof(TaskQueueOptions), [
                $"{prefix}:{nameof(TaskQueueOptions.EffectOnce)} is true but no IIdempotencyStore is registered; call AddDifyRedisIdempotencyStore or AddDifyPostgresIdempotencyStore, or turn EffectOnce off."]);
        }
    }
}
