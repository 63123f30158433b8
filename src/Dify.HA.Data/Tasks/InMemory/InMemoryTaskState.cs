namespace Dify.HA.Data.Tasks.InMemory;

/// <summary>Where an <see cref="InMemoryTaskEntry"/> is.</summary>
internal enum InMemoryTaskState
{
    Ready,
    Delayed,
    Leased,
    DeadLettered,
    Done,
}
