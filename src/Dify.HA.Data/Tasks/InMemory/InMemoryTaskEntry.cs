namespace Dify.HA.Data.Tasks.InMemory;

/// <summary>One task's mutable state inside <see cref="InMemoryTaskQueueState"/>; guarded by the queue's lock.</summary>
internal sealed class InMemoryTaskEntry
{
    public InMemoryTaskEntry(TaskEnvelope task, long sequence)
    {
        Task = task;
        Sequence = sequence;
    }

    public TaskEnvelope Task { get; set; }

    /// <summary>FIFO order within a priority; a retried or released task gets a new one (it goes to the back).</summary>
    public long Sequence { get; set; }

    public InMemoryTaskState State { get; set; }

    /// <summary>The attempt number the next (or current) delivery has.</summary>
    public int Attempt { get; set; } = 1;

    public string? LeaseToken { get; set; }

    public string? ConsumerId { get; set; }

    public DateTimeOffset LeasedUntil { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>When it became ready (for the age of the oldest ready task).</summary>
    public DateTimeOffset ReadySince { get; set; }

    public List<TaskAttemptError>? Errors { get; set; }

    public DateTimeOffset DeadLetteredAt { get; set; }
}
