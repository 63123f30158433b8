namespace Dify.HA.Data.Redis.Internals;

/// <summary>
/// Single-flight topology re-reads. Callers note <see cref="Generation"/> before their command; when it fails they
/// call <see cref="RequestAsync"/> with that number. A reconfigure that finished after their command started already
/// covers them (nothing to do); one in flight is joined; otherwise exactly one starts, and no sooner than
/// <c>minInterval</c> after the previous one, so a burst of 50 failing callers costs one re-read, not 50.
/// </summary>
internal sealed class ReconfigureCoordinator
{
    private readonly Func<CancellationToken, Task> _reconfigure;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _minInterval;
    private readonly Action<Exception>? _onError;
    private readonly Lock _gate = new();
    private Task? _inFlight;
    private long _generation;
    private long _lastFinished;
    private long _runs;

    public ReconfigureCoordinator(Func<CancellationToken, Task> reconfigure, TimeProvider timeProvider, TimeSpan minInterval, Action<Exception>? onError = null)
    {
        _reconfigure = reconfigure;
        _timeProvider = timeProvider;
        _minInterval = minInterval;
        _onError = onError;
        _lastFinished = long.MinValue;
    }

    /// <summary>Increases by one when a reconfigure finishes (successfully or not).</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Reconfigures started so far.</summary>
    public long Runs => Volatile.Read(ref _runs);

    /// <summary>Ensures a reconfigure that started after <paramref name="observedGeneration"/> was read; never throws.</summary>
    public Task RequestAsync(long observedGeneration)
    {
        lock (_gate)
        {
            if (_inFlight is { IsCompleted: false }) return _inFlight;
            if (Volatile.Read(ref _generation) != observedGeneration) return Task.CompletedTask;
            Interlocked.Increment(ref _runs);

            // Task.Run: the delegate must not run under the gate, nor on the caller's stack.
            _inFlight = Task.Run(RunAsync);
            return _inFlight;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            var last = Volatile.Read(ref _lastFinished);
            if (last != long.MinValue && _minInterval > TimeSpan.Zero)
            {
                var wait = _minInterval - _timeProvider.GetElapsedTime(last);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _timeProvider).ConfigureAwait(false);
            }

            await _reconfigure(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed re-read is reported and the callers' retries go on; nothing to rethrow to.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _onError?.Invoke(ex);
        }
        finally
        {
            Volatile.Write(ref _lastFinished, _timeProvider.GetTimestamp());
            Interlocked.Increment(ref _generation);
        }
    }
}
