using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Generation;

/// <summary>
/// A generation that runs in the background of the region, independent of the HTTP request that started it (as a Dify
/// worker does): subscribers (the starting stream, a re-attach, a blocking wait) read its event log.
/// </summary>
internal sealed class GenerationRun : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<StreamEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();

    public required Guid TaskId { get; init; }

    public required EmulatorApp App { get; init; }

    public required EndUser User { get; init; }

    public required bool Streaming { get; init; }

    public Guid? MessageId { get; init; }

    public Guid? ConversationId { get; init; }

    public Guid? WorkflowRunId { get; init; }

    public StoredMessage? Message { get; init; }

    public WorkflowRunRecord? WorkflowRun { get; init; }

    public RunState State { get { lock (_gate) { return _state; } } }

    /// <summary>The blocking answer body, set when the run ends or pauses.</summary>
    public JsonObject? BlockingResult { get; set; }

    /// <summary>A blocking failure (status, code, message), set instead of <see cref="BlockingResult"/>.</summary>
    public (int Status, string Code, string Message)? BlockingError { get; set; }

    public CancellationToken StopToken => _stop.Token;

    public bool StopRequested => _stop.IsCancellationRequested;

    private RunState _state = RunState.Running;

    public void Append(string name, JsonObject body, RunState? newState = null)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString(EmulatorJson.Options));
        TaskCompletionSource changed;
        lock (_gate)
        {
            _events.Add(new StreamEvent(name, bytes));
            if (newState is { } s)
                _state = s;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public void SetState(RunState state)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (_state == RunState.Paused && state == RunState.Running)
            {
                // The pause event no longer ends a stream: a re-attach after the resume must flow through.
                for (var i = _events.Count - 1; i >= 0; i--)
                {
                    if (_events[i].Name == "workflow_paused")
                    {
                        _events[i].Superseded = true;
                        break;
                    }
                }
            }

            _state = state;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Events from <paramref name="from"/> on, the state after them, and a task that completes on the next change.</summary>
    public (StreamEvent[] Events, RunState State, Task Changed) Read(int from)
    {
        lock (_gate)
        {
            var events = from < _events.Count ? _events.GetRange(from, _events.Count - from).ToArray() : [];
            return (events, _state, _changed.Task);
        }
    }

    public int EventCount { get { lock (_gate) { return _events.Count; } } }

    public bool RequestStop()
    {
        if (_stop.IsCancellationRequested || State == RunState.Done)
            return false;
        _stop.Cancel();
        return true;
    }

    /// <summary>Waits until the run pauses or ends.</summary>
    public async Task WaitSettledAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (_, state, changed) = Read(int.MaxValue);
            if (state != RunState.Running)
                return;
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stop.Dispose();
}
