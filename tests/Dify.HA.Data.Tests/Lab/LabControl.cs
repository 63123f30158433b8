using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Dify.HA.Data.Tests.Lab;

/// <summary>
/// Drives the HA lab from tests: runs the <c>eng/lab</c> helper scripts (found from the repository root,
/// the folder above <see cref="AppContext.BaseDirectory"/> that holds <c>DifyHaSdk.sln</c>) against the lab
/// that the env file (<see cref="LabEnvironment.DefaultPath"/>) describes, and returns what they printed or
/// throws <see cref="LabCommandException"/> with their output. Roles are always discovered, never assumed:
/// after a failover node B may be the primary. Tests that change the topology belong to
/// <see cref="PostgresLabCollection"/> or <see cref="RedisLabCollection"/> and should call
/// <see cref="RestorePostgresAsync"/> / <see cref="RestoreRedisAsync"/> / <see cref="RestoreClusterAsync"/> when done.
/// </summary>
public static class LabControl
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>How long a helper may run before it is killed (2 minutes).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The repository root (holds <c>DifyHaSdk.sln</c>).</summary>
    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>The lab's env file, read afresh (it is rewritten by every <c>eng/lab/up</c>).</summary>
    public static LabEnvironment Environment => LabEnvironment.Load();

    // ---- running helpers ----------------------------------------------------------------------

    /// <summary>Runs <c>eng/lab/SCRIPT ARGS…</c> for the lab of the env file; throws <see cref="LabCommandException"/> on a non-zero exit or a timeout.</summary>
    public static async Task<LabCommandResult> RunAsync(string script, IReadOnlyList<string>? args = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        args ??= [];
        var env = LabEnvironment.Load();
        var path = Path.Combine(RepoRoot, "eng", "lab", script);
        if (!File.Exists(path)) throw new LabCommandException($"No lab helper '{path}'.");

        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot };
        psi.ArgumentList.Add(path);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The helpers act on the lab named by DIFYHA_LAB_DIR: point them at the one this env file describes.
        psi.Environment["DIFYHA_LAB_DIR"] = env["LAB_DIR"];

        var command = string.Join(' ', new[] { script }.Concat(args));
        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null) return;
            lock (output) output.Append(line).Append('\n');
        }

        var sw = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Only the process this method started (and its children), by its PID.
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            string partial;
            lock (output) partial = output.ToString();
            if (cancellationToken.IsCancellationRequested) throw;
            throw new LabCommandException($"eng/lab/{command} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:F0} s and was killed:\n{partial}");
        }

        process.WaitForExit(); // flushes the redirected streams
        string text;
        lock (output) text = output.ToString();
        var result = new LabCommandResult(command, process.ExitCode, text, sw.Elapsed);
        return result.ExitCode == 0 ? result : throw new LabCommandException(result);
    }

    // ---- PostgreSQL ---------------------------------------------------------------------------

    /// <summary>Both nodes' roles (<c>pg-status</c>).</summary>
    public static async Task<PostgresTopology> GetPostgresRolesAsync(CancellationToken cancellationToken = default)
    {
        var env = LabEnvironment.Load();
        var result = await RunAsync("pg-status", cancellationToken: cancellationToken).ConfigureAwait(false);
        var nodes = StatusLines(result, "pg-").Select(l =>
        {
            var node = NodeOf(l.Name);
            return new PostgresNodeStatus(
                node, l.GetInt("port") ?? 0, l.GetInt("pid"),
                l.Get("role") switch { "primary" => PostgresRole.Primary, "standby" => PostgresRole.Standby, _ => PostgresRole.Down },
                l.Get("replication"), l.Get("sync_state"),
                env[node == LabNode.A ? "PG_NODE_A_CS" : "PG_NODE_B_CS"]);
        }).ToList();
        return new PostgresTopology(nodes);
    }

    /// <summary>SIGKILLs the current primary (all its processes) and promotes the standby; returns when the new primary accepts writes (<c>pg-failover</c>).</summary>
    public static async Task<PostgresFailoverResult> PostgresFailoverAsync(CancellationToken cancellationToken = default)
    {
        var s = (await RunAsync("pg-failover", cancellationToken: cancellationToken).ConfigureAwait(false)).Summary;
        return new PostgresFailoverResult(
            NodeOf(s.Get("primary") ?? ""), NodeOf(s.Get("old_primary") ?? ""),
            Ms(s.GetInt("kill_ms")), Ms(s.GetInt("promote_ms")), Ms(s.GetInt("total_ms")));
    }

    /// <summary>Brings the node that is not primary back as a streaming standby (pg_rewind, else a fresh base backup) (<c>pg-rejoin</c>).</summary>
    public static Task<LabCommandResult> PostgresRejoinAsync(CancellationToken cancellationToken = default) =>
        RunAsync("pg-rejoin", cancellationToken: cancellationToken);

    /// <summary>Sets <c>recovery_min_apply_delay</c> on the current standby (zero removes it) (<c>pg-delay</c>).</summary>
    public static Task<LabCommandResult> SetReplayDelayAsync(TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return RunAsync("pg-delay", [((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"], cancellationToken: cancellationToken);
    }

    /// <summary>Synchronous replication on the current primary on or off (<c>pg-sync</c>); on waits until the standby is synchronous.</summary>
    public static Task<LabCommandResult> SetSynchronousAsync(bool on, CancellationToken cancellationToken = default) =>
        RunAsync("pg-sync", [on ? "on" : "off"], cancellationToken: cancellationToken);

    /// <summary>Restores the normal shape: a primary (A or B) with a streaming standby, sync off, no replay delay (<c>pg-heal</c>).</summary>
    public static Task<LabCommandResult> RestorePostgresAsync(CancellationToken cancellationToken = default) =>
        RunAsync("pg-heal", cancellationToken: cancellationToken);

    // ---- Redis with Sentinel ------------------------------------------------------------------

    /// <summary>The data nodes' roles and what each Sentinel reports (<c>redis-status</c>).</summary>
    public static async Task<RedisTopology> GetRedisStatusAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync("redis-status", cancellationToken: cancellationToken).ConfigureAwait(false);
        var nodes = StatusLines(result, "redis-").Select(l => new RedisNodeStatus(
            NodeOf(l.Name), l.GetInt("port") ?? 0, l.GetInt("pid"),
            l.Get("role") switch { "master" => RedisRole.Master, "slave" => RedisRole.Replica, _ => RedisRole.Down },
            l.GetInt("master_port"), l.Get("link") == "up")).ToList();
        var sentinels = StatusLines(result, "sentinel-").Select(l => new SentinelStatus(
            int.Parse(l.Name["sentinel-".Length..], CultureInfo.InvariantCulture), l.GetInt("port") ?? 0, l.GetInt("pid"),
            l.Get("state") == "up", l.GetInt("master_port"), l.Get("quorum") == "ok")).ToList();
        return new RedisTopology(nodes, sentinels);
    }

    /// <summary>SIGKILLs the current master by PID (<c>redis-kill-master</c>); with <paramref name="waitForFailover"/>,
    /// returns once the replica is master and every running Sentinel names it, with the times.</summary>
    public static async Task<RedisKillResult> KillRedisMasterAsync(bool waitForFailover = false, CancellationToken cancellationToken = default)
    {
        var s = (await RunAsync("redis-kill-master", waitForFailover ? ["--wait"] : [], cancellationToken: cancellationToken).ConfigureAwait(false)).Summary;
        var env = LabEnvironment.Load();
        var killed = NodeOf(s.Get("killed") ?? "");
        var killedPort = env.GetInt(killed == LabNode.A ? "REDIS_NODE_A_PORT" : "REDIS_NODE_B_PORT");
        return new RedisKillResult(killed, killedPort, s.GetInt("new_master_port"),
            s.GetInt("promoted_ms") is { } p ? TimeSpan.FromMilliseconds(p) : null,
            s.GetInt("sentinels_ms") is { } a ? TimeSpan.FromMilliseconds(a) : null);
    }

    /// <summary>Starts a killed data node again with its config (<c>redis-restart</c>). By default waits until the
    /// Sentinels have made it a replica of the current master (up to ~11 s: they poll it every 10 s);
    /// <paramref name="waitUntilReplica"/> false returns once it answers.</summary>
    public static Task<LabCommandResult> RestartRedisNodeAsync(LabNode node, bool waitUntilReplica = true, CancellationToken cancellationToken = default) =>
        RunAsync("redis-restart", waitUntilReplica ? [Letter(node)] : [Letter(node), "--no-wait"], cancellationToken: cancellationToken);

    /// <summary>Stops Sentinel 1, 2 or 3 (<c>sentinel-stop</c>).</summary>
    public static Task<LabCommandResult> StopSentinelAsync(int number, CancellationToken cancellationToken = default) =>
        RunAsync("sentinel-stop", [SentinelNumber(number)], cancellationToken: cancellationToken);

    /// <summary>Starts Sentinel 1, 2 or 3 again and waits for its quorum (<c>sentinel-start</c>).</summary>
    public static Task<LabCommandResult> StartSentinelAsync(int number, CancellationToken cancellationToken = default) =>
        RunAsync("sentinel-start", [SentinelNumber(number)], cancellationToken: cancellationToken);

    /// <summary>Restores the normal shape: both data nodes up (master + linked replica), three Sentinels that agree (<c>redis-heal</c>).</summary>
    public static Task<LabCommandResult> RestoreRedisAsync(CancellationToken cancellationToken = default) =>
        RunAsync("redis-heal", cancellationToken: cancellationToken);

    // ---- Redis Cluster ------------------------------------------------------------------------

    /// <summary>The six cluster nodes (<c>cluster-status</c>).</summary>
    public static async Task<IReadOnlyList<ClusterNodeStatus>> GetClusterStatusAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync("cluster-status", cancellationToken: cancellationToken).ConfigureAwait(false);
        return StatusLines(result, "cluster-").Select(l => new ClusterNodeStatus(
            int.Parse(l.Name["cluster-".Length..], CultureInfo.InvariantCulture), l.GetInt("port") ?? 0, l.GetInt("pid"),
            l.Get("role") == "master", l.Get("state") == "fail", l.Get("slots"), l.Get("cluster_state") == "ok")).ToList();
    }

    /// <summary>SIGKILLs a cluster master by PID (node <paramref name="number"/> if given, else the lowest port) (<c>cluster-kill-master</c>);
    /// with <paramref name="waitForFailover"/>, returns once its slots are served again and every live node is ok.</summary>
    public static async Task<ClusterKillResult> KillClusterMasterAsync(int? number = null, bool waitForFailover = false, CancellationToken cancellationToken = default)
    {
        var args = new List<string>();
        if (number is { } n) args.Add(ClusterNumber(n));
        if (waitForFailover) args.Add("--wait");
        var s = (await RunAsync("cluster-kill-master", args, cancellationToken: cancellationToken).ConfigureAwait(false)).Summary;
        return new ClusterKillResult(
            int.Parse((s.Get("killed") ?? "cluster-0")["cluster-".Length..], CultureInfo.InvariantCulture),
            s.GetInt("port") ?? 0, s.Get("slots") ?? "",
            s.GetInt("recovered_ms") is { } r ? TimeSpan.FromMilliseconds(r) : null);
    }

    /// <summary>Starts a killed cluster node again; it rejoins (an old master as a replica) (<c>cluster-restart</c>).</summary>
    public static Task<LabCommandResult> RestartClusterNodeAsync(int number, CancellationToken cancellationToken = default) =>
        RunAsync("cluster-restart", [ClusterNumber(number)], cancellationToken: cancellationToken);

    /// <summary>Restores the cluster: six nodes up, three masters with linked replicas, state ok everywhere (<c>cluster-heal</c>).</summary>
    public static Task<LabCommandResult> RestoreClusterAsync(CancellationToken cancellationToken = default) =>
        RunAsync("cluster-heal", cancellationToken: cancellationToken);

    // ---- helpers ------------------------------------------------------------------------------

    private static IEnumerable<LabStatusLine> StatusLines(LabCommandResult result, string prefix) =>
        result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(LabStatusLine.Parse);

    private static LabNode NodeOf(string name) =>
        name.EndsWith("-a", StringComparison.Ordinal) ? LabNode.A
        : name.EndsWith("-b", StringComparison.Ordinal) ? LabNode.B
        : throw new LabCommandException($"Unexpected lab node name '{name}'.");

    private static string Letter(LabNode node) => node == LabNode.A ? "a" : "b";

    private static TimeSpan Ms(int? ms) => TimeSpan.FromMilliseconds(ms ?? 0);

    private static string SentinelNumber(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 3);
        return n.ToString(CultureInfo.InvariantCulture);
    }

    private static string ClusterNumber(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 6);
        return n.ToString(CultureInfo.InvariantCulture);
    }

    // AppContext.BaseDirectory first (the normal bin/ folder inside the repository); with --artifacts-path the
    // binaries live elsewhere, so then $DIFYHA_REPO_ROOT, this source file's compile-time path, and the
    // current directory.
    private static string FindRepoRoot()
    {
        var starts = new[]
        {
            AppContext.BaseDirectory,
            System.Environment.GetEnvironmentVariable("DIFYHA_REPO_ROOT"),
            Path.GetDirectoryName(SourceFilePath()),
            Directory.GetCurrentDirectory(),
        };
        foreach (var start in starts)
        {
            if (string.IsNullOrEmpty(start) || !Directory.Exists(start)) continue;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DifyHaSdk.sln"))) return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root (a folder holding DifyHaSdk.sln) above '{AppContext.BaseDirectory}' " +
            "or the current directory; set DIFYHA_REPO_ROOT.");
    }

    private static string SourceFilePath([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
