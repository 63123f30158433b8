using System.Globalization;
using Dify.HA.Demo.Clients;

namespace Dify.HA.Demo.Load;

/// <summary>
/// A steady open-loop load: a call starts every 1/rate seconds whether or not earlier ones have finished, as users
/// keep arriving during an outage. Mix of 2 streamed chats, 2 blocking chats and 1 streamed workflow in 5 (chat only
/// without a workflow app). Each call has its own deadline; every call that does not complete counts as a failure.
/// </summary>
internal sealed class LoadDriver
{
    /// <summary>A caller's patience per call. Also bounds how long the end of a run waits for stragglers.</summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);

    // A safety valve: if calls hang (a black hole without HA), do not pile up more than this many at once.
    private const int MaxInFlight = 200;

    private readonly IDemoClient _client;
    private readonly LoadRecorder _recorder;
    private readonly double _rate;
    private readonly bool _withWorkflow;
    private readonly Func<int> _phase;
    private readonly TimeProvider _time;

    public LoadDriver(IDemoClient client, LoadRecorder recorder, double rate, bool withWorkflow, Func<int> phase, TimeProvider time)
    {
        _client = client;
        _recorder = recorder;
        _rate = rate;
        _withWorkflow = withWorkflow;
        _phase = phase;
        _time = time;
    }

    /// <summary>The query prefix of this client's calls (unique queries let the emulator's ledger count duplicates).</summary>
    public static string QueryPrefix(IDemoClient client) => $"demo [{client.Name}] ";

    /// <summary>Starts calls until <paramref name="stop"/> is cancelled, then waits for the calls in flight.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var calls = new List<Task>();
        var interval = TimeSpan.FromSeconds(1 / _rate);
        var start = _time.GetTimestamp();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = interval * i - _time.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            calls.RemoveAll(t => t.IsCompleted);
            if (calls.Count < MaxInFlight)
                calls.Add(CallAsync(i));
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
    }

    private async Task CallAsync(int i)
    {
        var kind = (i % 5) switch
        {
            0 or 2 => CallKind.StreamingChat,
            1 or 3 => CallKind.BlockingChat,
            _ => _withWorkflow ? CallKind.StreamingWorkflow : CallKind.StreamingChat,
        };
        var query = string.Create(CultureInfo.InvariantCulture, $"{QueryPrefix(_client)}#{i}: how does regional failover work?");
        var user = string.Create(CultureInfo.InvariantCulture, $"demo-user-{i % 20}");
        var phase = _phase();
        var startMs = _recorder.NowMs;
        _recorder.Started();
        var ok = false;
        using var deadline = new CancellationTokenSource(CallDeadline, _time);
        try
        {
            // Yield first so that the driver's loop keeps its rhythm while the call sets up.
            await Task.Yield();
            ok = await _client.CallAsync(kind, query, user, deadline.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // every failure of a call is an outcome to count, not a demo error
        catch (Exception)
#pragma warning restore CA1031
        {
            ok = false;
        }
        finally
        {
            _recorder.Finished(new CallRecord(kind, phase, startMs, _recorder.NowMs, ok));
        }
    }
}
