using System.Diagnostics;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.Redis;
using Dify.HA.TaskWorker.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>
/// A real worker process (tests/Dify.HA.TaskWorker.TestHost) on the Redis Streams backend takes a task, performs its
/// effect, and is SIGKILLed by PID mid-task: the task must come back after the lease, to another worker, and its
/// effect must not happen a second time.
/// </summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Tasks")]
public sealed class TaskWorkerKillTests
{
    [Fact]
    public async Task Task_of_a_sigkilled_worker_process_is_redelivered_after_the_lease_and_its_effect_happens_once()
    {
        var lab = RedisLab.Load();
        var run = Guid.NewGuid().ToString("N");
        var lease = TimeSpan.FromSeconds(2);
        var settings = new KillTestSettings(
            [.. lab.SentinelPorts.Select(p => $"127.0.0.1:{p}")], lab.ServiceName, lab.Password, $"t1:kill:{run}:", "kill", lease);
        var effectKey = $"t1:kill:{run}:effect";

        // The parent's worker host, built first so that its queue can enqueue; started only after the kill.
        var report = new KillTestReport();
        using var parent = KillTestWorker.Build(settings, report, "parent");
        var queue = parent.Services.GetRequiredService<ITaskQueue>();
        var taskId = await queue.EnqueueAsync(settings.Queue, new KillPayload(effectKey));

        using var child = StartChild(settings);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        child.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(() => lines.Contains($"HANDLED {taskId} 1") || child.HasExited, "the child takes the task and performs its effect", TimeSpan.FromSeconds(60));
            Assert.False(child.HasExited, $"the child exited early: {string.Join(" / ", lines)}");

            var provider = parent.Services.GetRequiredService<IRedisConnectionProvider>();
            Assert.Equal(1L, await Counter(provider, effectKey));

            // The child is alive and heartbeating: its task must not be re-delivered meanwhile.
            var stats = await queue.GetStatsAsync(settings.Queue);
            Assert.Equal(1, stats.Leased);

            var pid = child.Id;
            var killedAt = DateTime.UtcNow;
            child.Kill(); // SIGKILL on Linux
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(child.HasExited);
            Assert.NotEqual(0, child.ExitCode);
            Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));

            await parent.StartAsync();
            await Eventually.TrueAsync(async () => !report.Calls.IsEmpty && (await queue.GetStatsAsync(settings.Queue)).Depth == 0, "the parent handles the re-delivered task and acknowledges it", TimeSpan.FromSeconds(30));

            var call = Assert.Single(report.Calls);
            Assert.Equal(taskId, call.TaskId);
            Assert.Equal(2, call.Attempt);

            // Not before the child's last lease ran out (it was renewed at most a heartbeat before the kill).
            Assert.True(call.AtUtc - killedAt >= lease - (lease / 4) - TimeSpan.FromMilliseconds(100), $"re-delivered {call.AtUtc - killedAt} after the kill, lease {lease}");
            Assert.Equal(1L, await Counter(provider, effectKey));
            Assert.Empty(await queue.ListDeadLettersAsync(settings.Queue));
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }

            await parent.StopAsync();
        }
    }

    private static async Task<long> Counter(IRedisConnectionProvider provider, string key) =>
        (long)await provider.ExecuteAsync(RedisCommandSafety.Read, db => db.StringGetAsync(key));

    private static Process StartChild(KillTestSettings settings)
    {
        var dll = typeof(KillPayload).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in settings.ToEnvironment())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("the child worker did not start");
    }
}
