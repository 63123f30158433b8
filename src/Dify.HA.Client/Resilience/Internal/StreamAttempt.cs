namespace Dify.HA.Client.Resilience.Internal;

/// <summary>One open event stream: the response, its reader, and the endpoint's outstanding-attempt tracker.</summary>
internal sealed class StreamAttempt : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IHaAttempt _tracker;
    private readonly long _started;
    private readonly CancellationTokenSource _abort = new();
    private Stream? _body;
    private IAsyncEnumerator<DifyStreamEvent>? _events;
    private bool _completed;

    public StreamAttempt(HaEndpoint endpoint, HttpResponseMessage response, IHaAttempt tracker, long started)
    {
        Endpoint = endpoint;
        _response = response;
        _tracker = tracker;
        _started = started;
    }

    public HaEndpoint Endpoint { get; }

    public IAsyncEnumerator<DifyStreamEvent> Events => _events ?? throw new InvalidOperationException("The stream is not open.");

    /// <summary>An event read but not yet delivered (the commit-point event, or the first event of a re-attach).</summary>
    public DifyStreamEvent? First { get; set; }

    public async ValueTask OpenAsync(DifyStreamReadOptions options, CancellationToken cancellationToken)
    {
        _body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token).Token;
        _events = DifySseReader.ReadEventsAsync(_body, options, token).GetAsyncEnumerator(token);
    }

    /// <summary>Cancels the body read (used by the first-event timeout and the deadline).</summary>
    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nothing to abort.
        }
    }

    public void Complete(HaOutcome outcome, TimeProvider time)
    {
        if (_completed) return;
        _completed = true;
        _tracker.Complete(outcome, time.GetElapsedTime(_started));
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        if (_events is not null)
        {
            try
            {
                await _events.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
            {
                // Disposing a broken stream may fail: nothing left to do with it.
            }
        }
        if (_body is not null) await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        _tracker.Dispose();
        _abort.Dispose();
    }
}
