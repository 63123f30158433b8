using Dify.HA.Data.Redis;
using Dify.HA.Data.Tasks;
using StackExchange.Redis;

namespace Dify.HA.TaskWorker.TestHost;

/// <summary>
/// Performs the task's effect once (INCR of the payload's key, through the effect-once step helper), reports it, then
/// either blocks until killed (<see cref="BlockAfterEffect"/>) or returns.
/// </summary>
public sealed class KillTestHandler(IRedisConnectionProvider redis, KillTestReport report) : ITaskHandler<KillPayload>
{
    /// <summary>True in the child process: block after the effect, as a worker hung mid-task.</summary>
    public static bool BlockAfterEffect { get; set; }

    public async ValueTask HandleAsync(KillPayload payload, TaskContext context, CancellationToken cancellationToken)
    {
        await context.RunOnceAsync(
            "effect",
            async ct => await redis.ExecuteAsync(RedisCommandSafety.Unsafe, db => db.StringIncrementAsync(payload.EffectKey), ct),
            cancellationToken);
        report.Handled(context.TaskId, context.Attempt);
        if (BlockAfterEffect)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }
}
