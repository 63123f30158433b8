using System.Globalization;
using StackExchange.Redis;

namespace Dify.HA.Data.Tasks.Redis.Internals;

/// <summary>
/// The keys of one queue: <c>PREFIX{queue}:</c> followed by <c>lv</c> (priority levels, a sorted set), <c>s:P</c> (the
/// stream of priority P), <c>l:P</c> (its leases: <c>task id|lease token</c> scored by expiry), <c>d</c> (delayed tasks scored by due
/// time), <c>x</c> (the dead-letter stream), <c>t:ID</c> (a task's hash) and <c>k:KEY</c> (idempotency key → task id).
/// The braces make the queue name the hash tag, so a Cluster keeps all of a queue's keys in one slot.
/// </summary>
internal sealed class RedisTaskKeys
{
    public RedisTaskKeys(string prefix, string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        if (queue.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"Queue name '{queue}' must not contain '{{' or '}}' (the Redis backend uses it as the keys' hash tag).", nameof(queue));
        }

        Base = prefix + "{" + queue + "}:";
        Levels = Base + "lv";
        Delayed = Base + "d";
        Dead = Base + "x";
    }

    /// <summary>The common start of the queue's keys.</summary>
    public string Base { get; }

    public RedisKey Levels { get; }

    public RedisKey Delayed { get; }

    public RedisKey Dead { get; }

    public RedisKey Task(string id) => Base + "t:" + id;

    public RedisKey Stream(int priority) => Base + "s:" + priority.ToString(CultureInfo.InvariantCulture);

    public RedisKey Leases(int priority) => Base + "l:" + priority.ToString(CultureInfo.InvariantCulture);

    public RedisKey Idempotency(string key) => Base + "k:" + key;
}
