using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Streaming;

/// <summary>The idle timeout, driven by a fake clock: pings keep a stream alive, silence trips it.</summary>
public sealed class SseReaderIdleTimeoutTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10); // real-time bound so a bug fails instead of hanging

    private const string Message = """{"event":"message","task_id":"t1","message_id":"m1","answer":"a"}""";
    private const string End = """{"event":"message_end","task_id":"t1","message_id":"m1"}""";

    private static (IAsyncEnumerator<DifyStreamEvent> Events, ChannelStream Stream, FakeTimeProvider Clock, Func<int> Pings, SemaphoreSlim PingSignal)
        Start(CancellationToken cancellationToken = default)
    {
        var stream = new ChannelStream();
        var clock = new FakeTimeProvider();
        var pings = 0;
        var signal = new SemaphoreSlim(0);
        var options = new DifyStreamReadOptions
        {
            IdleTimeout = Idle,
            TimeProvider = clock,
            Endpoint = new Uri("https://us.dify.example/v1"),
            OnPing = () =>
            {
                Interlocked.Increment(ref pings);
                signal.Release();
            },
        };
        var events = DifySseReader.ReadEventsAsync(stream, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        return (events, stream, clock, () => Volatile.Read(ref pings), signal);
    }

    [Fact]
    public async Task Silence_longer_than_the_idle_timeout_raises_a_typed_timeout_with_progress()
    {
        var (events, stream, clock, _, _) = Start();
        await using var _ = events;
        stream.Write($"data: {Message}\n\n");
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard));

        var next = events.MoveNextAsync().AsTask();
        clock.Advance(Idle - TimeSpan.FromSeconds(1));
        await Task.Yield();
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<DifyStreamIdleTimeoutException>(() => next.WaitAsync(Guard));
        Assert.Equal(Idle, ex.IdleTimeout);
        Assert.Equal(1, ex.Progress.EventsRead);
        Assert.Equal("t1", ex.Progress.TaskId);
        Assert.Equal(new Uri("https://us.dify.example/v1"), ex.Endpoint);
        Assert.Equal(DifyFailureClass.Ambiguous, DifyFailureClassifier.Classify(ex, DifyOperationKind.Generation, requestSent: true));
        Assert.Equal(DifyFailureClass.Transient, DifyFailureClassifier.Classify(ex, DifyOperationKind.Read, requestSent: true));
    }

    [Fact]
    public async Task Pings_keep_a_quiet_stream_alive_well_past_the_idle_timeout()
    {
        var (events, stream, clock, pings, signal) = Start();
        await using var _ = events;
        var next = events.MoveNextAsync().AsTask();

        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(20)); // 6 x 20 s = 120 s of no events, 4x the idle timeout
            stream.Write("event: ping\n\n");
            Assert.True(await signal.WaitAsync(Guard));
            Assert.False(next.IsCompleted);
        }

        stream.Write($"data: {Message}\n\n");
        Assert.True(await next.WaitAsync(Guard));
        Assert.Equal("a", Assert.IsType<MessageEvent>(events.Current).Answer);
        Assert.Equal(6, pings());

        stream.Write($"data: {End}\n\n");
        stream.Complete();
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard));
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(Guard));
    }

    [Fact]
    public async Task With_a_cancelable_caller_token_the_timer_still_resets_on_each_read_and_still_trips_on_silence()
    {
        using var cts = new CancellationTokenSource();
        var (events, stream, clock, _, signal) = Start(cts.Token);
        await using var _ = events;
        var next = events.MoveNextAsync().AsTask();
        Assert.True(await stream.ReadStarted.WaitAsync(Guard));
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(25));
            stream.Write("event: ping\n\n");
            Assert.True(await signal.WaitAsync(Guard));
            Assert.True(await stream.ReadStarted.WaitAsync(Guard)); // the next read started: the timer is re-armed
        }

        Assert.False(next.IsCompleted);
        clock.Advance(Idle + TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<DifyStreamIdleTimeoutException>(() => next.WaitAsync(Guard));
        Assert.Equal(3, ex.Progress.PingsRead);
        Assert.Equal(0, ex.Progress.EventsRead);
    }

    [Fact]
    public async Task Invalid_read_options_are_rejected_when_reading_starts()
    {
        var options = new DifyStreamReadOptions { IdleTimeout = TimeSpan.Zero };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var e in DifySseReader.ReadEventsAsync(new ChannelStream(), options, default)) { }
        });
    }

    [Fact]
    public async Task Time_the_consumer_spends_between_events_does_not_count_as_idle()
    {
        var (events, stream, clock, _, _) = Start();
        await using var _ = events;
        stream.Write($"data: {Message}\n\n");
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard));

        clock.Advance(Idle * 3); // the caller is slow; the reader is not waiting for bytes
        stream.Write($"data: {End}\n\n");
        stream.Complete();

        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard));
        Assert.IsType<MessageEndEvent>(events.Current);
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(Guard));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_an_idle_timeout()
    {
        using var cts = new CancellationTokenSource();
        var (events, _, _, _, _) = Start(cts.Token);
        await using var _ = events;
        var next = events.MoveNextAsync().AsTask();

        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Guard));
        Assert.IsNotType<DifyStreamIdleTimeoutException>(ex);
    }

    [Fact]
    public async Task Without_an_idle_timeout_a_silent_stream_waits()
    {
        var stream = new ChannelStream();
        var clock = new FakeTimeProvider();
        await using var events = DifySseReader.ReadEventsAsync(stream, new DifyStreamReadOptions { TimeProvider = clock }, default)
            .GetAsyncEnumerator();
        var next = events.MoveNextAsync().AsTask();

        clock.Advance(TimeSpan.FromHours(1));
        await Task.Yield();
        Assert.False(next.IsCompleted);

        stream.Write($"data: {End}\n\n");
        Assert.True(await next.WaitAsync(Guard));
    }
}
