namespace Dify.HA.TaskWorker.TestHost;

/// <summary>The kill test's payload: the Redis key its effect increments.</summary>
public sealed record KillPayload(string EffectKey);
