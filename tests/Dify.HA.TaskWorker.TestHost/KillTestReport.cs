using System.Collections.Concurrent;

namespace Dify.HA.TaskWorker.TestHost;

/// <summary>Where the handler reports: stdout in the child (the parent reads <c>HANDLED id attempt</c>), a list in the parent.</summary>
public sealed class KillTestReport
{
    public ConcurrentQueue<(string TaskId, int Attempt, DateTime AtUtc)> Calls { get; } = new();

    public bool ToStdout { get; init; }

    public void Handled(string taskId, int attempt)
    {
        Calls.Enqueue((taskId, attempt, DateTime.UtcNow));
        if (ToStdout)
        {
            Console.Out.WriteLine($"HANDLED {taskId} {attempt}");
            Console.Out.Flush();
        }
    }
}
