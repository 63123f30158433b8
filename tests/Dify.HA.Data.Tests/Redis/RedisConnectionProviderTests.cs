using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using StackExchange.Redis;

namespace Dify.HA.Data.Tests.Redis;

public sealed class RedisConnectionProviderTests
{
    private static (RedisConnectionProvider Provider, FakeRedis Fake) Create(Action<RedisConnectionOptions>? configure = null)
    {
        var fake = new FakeRedis();
        var options = new RedisConnectionOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            ReconfigureMinInterval = TimeSpan.Zero,
            RetryTimeout = TimeSpan.FromSeconds(5),
        };
        options.Endpoints.Add("127.0.0.1:6379");
        configure?.Invoke(options);
        var provider = new RedisConnectionProvider(options, connector: _ => Task.FromResult(fake.Multiplexer));
        return (provider, fake);
    }

    [Fact]
    public async Task Readonly_errors_of_fifty_concurrent_safe_commands_force_one_reconfigure_and_all_succeed()
    {
        var (provider, fake) = Create();
        await using var _ = provider;
        var demoted = true;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.OnConfigureAsync = async () =>
        {
            await gate.Task;
            Volatile.Write(ref demoted, false);
        };
        var failed = 0;

        var commands = Enumerable.Range(0, 50).Select(i => provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, _ =>
        {
            if (Volatile.Read(ref demoted))
            {
                if (Interlocked.Increment(ref failed) == 50) gate.SetResult();
                throw FakeRedis.ReadOnlyError();
            }

            return Task.FromResult(i);
        })).ToArray();
        var results = await Task.WhenAll(commands).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(0, 50), results);
        Assert.Equal(1, fake.ConfigureCalls);
        Assert.Equal(1, provider.ReconfigureCount);
    }

    [Fact]
    public async Task An_unsafe_write_is_not_retried_but_still_triggers_the_reconfigure()
    {
        var (provider, fake) = Create();
        await using var _ = provider;
        var calls = 0;

        await Assert.ThrowsAsync<RedisServerException>(() => provider.ExecuteAsync(RedisCommandSafety.Unsafe, _ =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromException<long>(FakeRedis.ReadOnlyError());
        }));

        Assert.Equal(1, calls);
        await WaitUntilAsync(() => fake.ConfigureCalls == 1);
    }

    [Fact]
    public async Task Errors_that_are_not_failover_symptoms_reach_the_caller_at_once()
    {
        var (provider, fake) = Create();
        await using var _ = provider;
        var calls = 0;

        await Assert.ThrowsAsync<RedisServerException>(() => provider.ExecuteAsync(RedisCommandSafety.Read, _ =>
        {
            calls++;
            return Task.FromException<long>(new RedisServerException(RedisErrorKind.WrongType, CommandFlags.None, "WRONGTYPE Operation against a key holding the wrong kind of value"));
        }));

        Assert.Equal(1, calls);
        Assert.Equal(0, fake.ConfigureCalls);
    }

    [Fact]
    public async Task A_safe_command_stops_retrying_after_the_retry_timeout()
    {
        var (provider, _) = Create(o => o.RetryTimeout = TimeSpan.FromMilliseconds(200));
        await using var __ = provider;
        var calls = 0;
        var started = DateTime.UtcNow;

        await Assert.ThrowsAsync<RedisConnectionException>(() => provider.ExecuteAsync(RedisCommandSafety.Read, _ =>
        {
            calls++;
            return Task.FromException<long>(new RedisConnectionException(ConnectionFailureType.SocketClosed, CommandFlags.None, "closed", null!, CommandStatus.Unknown));
        }));

        Assert.True(calls > 1, $"expected retries, saw {calls} call(s)");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Writes_succeeding_after_readonly_errors_close_the_period_without_a_writable_master()
    {
        var (provider, _) = Create();
        await using var __ = provider;
        RedisWritableMasterRestoredEventArgs? restored = null;
        provider.WritableMasterRestored += (_, e) => restored = e;
        var calls = 0;

        await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, _ =>
            ++calls < 3 ? Task.FromException<bool>(FakeRedis.ReadOnlyError()) : Task.FromResult(true));

        Assert.NotNull(restored);
        Assert.True(restored.UnavailableFor > TimeSpan.Zero);
        Assert.False(provider.IsWithoutWritableMaster);
    }

    [Fact]
    public void Invalid_options_fail_when_the_provider_is_built()
    {
        var options = new RedisConnectionOptions { Mode = RedisConnectionMode.Sentinel };

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new RedisConnectionProvider(options));

        Assert.Contains("Dify:Redis:ServiceName", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
