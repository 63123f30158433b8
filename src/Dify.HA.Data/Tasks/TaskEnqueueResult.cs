namespace Dify.HA.Data.Tasks;

/// <summary>The outcome of <see cref="ITaskStore.EnqueueAsync"/>.</summary>
/// <param name="TaskId">The stored task's id, or the first task's id when the idempotency key was already used.</param>
/// <param name="Created">True when this call stored a new task.</param>
public readonly record struct TaskEnqueueResult(string TaskId, bool Created);
