namespace Dify.HA.Data.Tasks;

/// <summary>The idempotency keys the worker uses for effect-once processing.</summary>
internal static class TaskEffectKeys
{
    /// <summary>The whole-handler key: <c>dify:tasks:{queue}:{idempotency key or task id}</c>.</summary>
    public static string For(string queue, string keyOrTaskId) => $"dify:tasks:{queue}:{keyOrTaskId}";
}
