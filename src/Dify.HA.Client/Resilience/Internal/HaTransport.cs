using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Dify.HA.Client.Api;
using Dify.HA.Client.Errors;
using Dify.HA.Client.Routing;
using Dify.HA.Client.Routing.Affinity;
using Dify.HA.Client.Telemetry;

namespace Dify.HA.Client.Resilience.Internal;

/// <summary>
/// The HA transport of one client: per attempt it selects an endpoint (not tried yet; in the pinned region when the
/// call continues a conversation, task or run), sends, classifies the outcome with <see cref="DifyFailureClassifier"/>,
/// reports it to the endpoint's state, and decides whether to retry (safety, retry budget, deadline) after a full-jitter
/// backoff. Streams commit at their first event; after it a workflow/chatflow run is re-attached on its region and a
/// chat/completion stream raises <see cref="DifyStreamInterruptedException"/>.
/// </summary>
internal sealed partial class HaTransport : IDifyEventStreamTransport, IDisposable
{
    private readonly string _clientName;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _httpClientName;
    private readonly IHaEndpointPool _pool;
    private readonly DifyClientOptions _clientOptions;
    private readonly DifyResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly RetryBudget _budget;
    private readonly RateLimiter? _rateLimiter;
    private readonly RateLimiter? _concurrencyLimiter;
    private readonly IHttpMessageHandlerFactory? _handlerFactory;

    // Affinity routes follow-ups to the region that holds their conversation, task or run: with a single region there is
    // no other place to go, so nothing is pinned or looked up (a string, a cache entry and a clock read fewer per call).
    private readonly bool _affinity;
    private CachedInvoker? _invoker;
    private int _sendsSinceCheck; // racy increments are fine: it only spaces out the clock reads

    /// <summary>How long one handler from <see cref="IHttpMessageHandlerFactory"/> is reused before asking for the current one.</summary>
    /// <remarks>Half the factory's default HandlerLifetime (2 min): rotation (new DNS, new connection pools) is seen at most
    /// a minute late, while PooledConnectionLifetime (5 min) already bounds how long a connection lives.</remarks>
    internal static readonly TimeSpan InvokerRefreshInterval = TimeSpan.FromMinutes(1);

    public HaTransport(
        string clientName,
        IHttpClientFactory httpClientFactory,
        string httpClientName,
        IHaEndpointPool pool,
        DifyClientOptions clientOptions,
        TimeProvider timeProvider,
        IHttpMessageHandlerFactory? handlerFactory = null)
    {
        _clientName = clientName;
        _httpClientFactory = httpClientFactory;
        // HttpClient-level settings (a finite HttpClient.Timeout, DefaultRequestHeaders) exist only on an HttpClient: when the
        // application configured any, keep creating a client per attempt so they still apply.
        _handlerFactory = handlerFactory is not null && IsPlainClient(httpClientFactory, httpClientName) ? handlerFactory : null;
        _httpClientName = httpClientName;
        _pool = pool;
        _clientOptions = clientOptions;
        _options = clientOptions.Resilience ?? new DifyResilienceOptions();
        _time = timeProvider;
        _affinity = pool.Regions.Count > 1;
        _budget = new RetryBudget(_options.RetryBudgetRatio, _options.MinRetriesPerSecond, _options.RetryBudgetWindow, timeProvider);
        var affinity = _options.Affinity ?? new DifyAffinityOptions();
        Affinity = new AffinityCache(affinity.MaxEntries, affinity.TimeToLive, timeProvider);
        _rateLimiter = CreateRateLimiter(_options.RateLimitPerSecond);
        _concurrencyLimiter = _options.MaxConcurrency is { } max
            ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = max, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst })
            : null;
    }

    public AffinityCache Affinity { get; }

    public IHaEndpointPool Pool => _pool;

    public ValueTask<HttpResponseMessage> SendAsync(DifyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pin = ResolvePin(request);
        // The first endpoint is chosen here, outside the async method (the same single selection the call needs anyway), so
        // that when nothing is available (every breaker open) the call fails fast with a faulted ValueTask: no attempt and no
        // exception thrown inside the pipeline. With client-side limits the choice waits until the call has its permits.
        HaEndpoint? first = null;
        if (_rateLimiter is null && _concurrencyLimiter is null)
        {
            first = _pool.Select(null, pin);
            if (first is null && pin is null)
            {
                var now = _time.GetTimestamp();
                _budget.RecordRequest(now);
                var states = _pool.DescribeStates();
                var failure = new DifyNoHealthyEndpointException(
                    $"No Dify endpoint is available for {request.Operation}. Regions: {states}.", null, states, null);
                RecordFailedCall(now, request.Operation, failure, cancellationToken); // a failed call too, if a fast one
                return ValueTask.FromException<HttpResponseMessage>(failure);
            }
        }
        return SendCoreAsync(request, pin, first, cancellationToken);
    }

    private async ValueTask<HttpResponseMessage> SendCoreAsync(DifyRequest request, string? pin, HaEndpoint? first, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            // A blocking call is bounded by the client's Timeout too (over all its attempts), as the options document.
            var limit = Min(_options.Deadline, _clientOptions.Timeout);
            // One CTS (the deadline, also cancelled by the caller's token) instead of a deadline CTS plus a linked CTS: "the
            // deadline passed" is checked as "cancelled while the caller's token is not".
            using var deadline = new CancellationTokenSource(limit, _time);
            using var callerLink = cancellationToken.UnsafeRegister(CancelSource, deadline);
            var linkedToken = deadline.Token;
            using var concurrency = await AcquireAsync(request, deadline, cancellationToken, linkedToken).ConfigureAwait(false);
            // One clock read serves the call's start, its deadline arithmetic, the budget's bucket and the first attempt.
            var call = new CallState(request, _options.AllowGenerationRetry || DifyGenerationRetry.IsAllowed, pin, started) { Limit = limit, Preselected = first };
            _budget.RecordRequest(started);
            while (true)
            {
                var endpoint = await NextEndpointAsync(call, deadline, cancellationToken, linkedToken).ConfigureAwait(false);
                try
                {
                    HttpResponseMessage response;
                    if (ShouldHedge(request) && _pool.Select(WithTried(call, endpoint), call.PinnedRegion) is { } hedge)
                    {
                        call.AddTried(hedge);
                        response = await HedgedSendAsync(call, endpoint, hedge, linkedToken, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        response = await AttemptAsync(call, endpoint, hedged: false, linkedToken, cancellationToken, tokenIsCallDeadline: true).ConfigureAwait(false);
                    }
                    RecordSucceededCall(started, request.Operation);
                    return response;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    var deadlinePassed = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                    // An attempt that timed out on its own (TimeoutException) as the deadline passed, or whose failure is
                    // handled only after it passed, ends the call on the deadline: that is what bounded it.
                    call.Last = (ex is OperationCanceledException or TimeoutException) && deadlinePassed ? DeadlineExceeded(call, ex) : ex;
                    call.LastEndpoint = endpoint;
                    if (deadlinePassed) ExceptionDispatchInfo.Throw(call.Last);
                }
            }
        }
        catch (Exception ex) when (RecordFailedCall(started, request.Operation, ex, cancellationToken))
        {
            throw; // never reached: the filter records the exception the caller sees and lets it pass unchanged
        }
    }

    /// <summary>Records a call that reached its commit point (a blocking answer, a stream's first event).</summary>
    private void RecordSucceededCall(long started, string operation)
    {
        // The clock is read only when someone listens (as the BCL's own instruments do).
        if (PipelineMetrics.RequestDuration.Enabled)
            PipelineMetrics.RecordRequest(_time.GetElapsedTime(started).TotalSeconds, _clientName, operation, errorType: null);
    }

    /// <summary>
    /// An exception filter, not a handler: records the failed call with the type of the exception its caller sees (or
    /// <c>canceled</c>) and returns false, so the exception goes on with its stack untouched.
    /// </summary>
    private bool RecordFailedCall(long started, string operation, Exception failure, CancellationToken callerToken)
    {
        if (PipelineMetrics.RequestDuration.Enabled)
        {
            PipelineMetrics.RecordRequest(_time.GetElapsedTime(started).TotalSeconds, _clientName, operation,
                callerToken.IsCancellationRequested ? PipelineMetrics.CanceledErrorType : failure.GetType().Name);
        }
        return false;
    }

    public async IAsyncEnumerable<DifyStreamEvent> StreamEventsAsync(
        DifyRequest request, DifyStreamReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var started = _time.GetTimestamp();
        var call = new CallState(request, _options.AllowGenerationRetry || DifyGenerationRetry.IsAllowed, ResolvePin(request), started) { Limit = _options.Deadline };
        StreamAttempt? stream = null;
        RateLimitLease? concurrency = null;
        var progress = new StreamTracker();
        try
        {
            // Phase 1: until the commit point (the first event), failures are ordinary attempt failures.
            try
            {
                using (var deadline = new CancellationTokenSource(_options.Deadline, _time))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
                {
                    concurrency = await AcquireAsync(request, deadline, cancellationToken, linked.Token).ConfigureAwait(false);
                    _budget.RecordRequest(_time.GetTimestamp());
                    while (stream is null)
                    {
                        var endpoint = await NextEndpointAsync(call, deadline, cancellationToken, linked.Token).ConfigureAwait(false);
                        try
                        {
                            stream = ShouldHedgeStream(request) && _pool.Select(WithTried(call, endpoint), call.PinnedRegion) is { } hedge
                                ? await HedgedOpenStreamAsync(call, endpoint, hedge, options, linked.Token, cancellationToken).ConfigureAwait(false)
                                : await OpenStreamAsync(call, endpoint, request, options, hedged: false, linked.Token, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                        {
                            call.Last = ex is OperationCanceledException && deadline.IsCancellationRequested ? DeadlineExceeded(call, ex) : ex;
                            call.LastEndpoint = endpoint;
                            if (deadline.IsCancellationRequested) ExceptionDispatchInfo.Throw(call.Last);
                        }
                    }
                }
            }
            catch (Exception ex) when (RecordFailedCall(started, request.Operation, ex, cancellationToken))
            {
                throw; // never reached (see RecordFailedCall)
            }
            PipelineMetrics.TimeToFirstEvent.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(DifyClientTelemetry.ClientNameTag, _clientName), new KeyValuePair<string, object?>(DifyClientTelemetry.OperationTag, request.Operation));
            RecordSucceededCall(started, request.Operation);

            // Phase 2: after the commit point.
            var first = stream.First!;
            stream.First = null;
            Learn(first, stream.Endpoint.Region, progress);
            progress.Track(first);
            yield return first;
            var reattaches = 0;
            while (true)
            {
                DifyStreamEvent? next = null;
                Exception? failure = null;
                try
                {
                    if (stream.First is { } pending)
                    {
                        stream.First = null;
                        next = pending;
                    }
                    else if (await stream.Events.MoveNextAsync().ConfigureAwait(false))
                    {
                        next = stream.Events.Current;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not DifyApiException)
                {
                    failure = ex;
                }

                if (failure is null && next is null)
                {
                    stream.Complete(HaOutcome.Success, _time);
                    yield break;
                }

                if (failure is not null)
                {
                    stream.Complete(HaOutcome.Failure, _time);
                    var lastEndpoint = stream.Endpoint;
                    var region = lastEndpoint.Region;
                    await stream.DisposeAsync().ConfigureAwait(false);
                    stream = null;
                    if (progress.WorkflowRunId is null)
                        throw progress.Interrupted(request, region, failure);

                    // A workflow or chatflow run goes on without us: re-attach to it on its region, skipping what was delivered.
                    stream = await ReattachAsync(request, options, progress, region, ++reattaches, failure, cancellationToken).ConfigureAwait(false);
                    if (stream is null)
                    {
                        // The run could not be re-attached: poll its final state instead.
                        var final = await PollFinalStateAsync(request, progress, lastEndpoint, failure, cancellationToken).ConfigureAwait(false);
                        yield return final;
                        yield break;
                    }
                    continue;
                }

                if (progress.Skip > 0)
                {
                    progress.Skip--;
                    continue;
                }
                Learn(next!, stream.Endpoint.Region, progress);
                progress.Track(next!);
                yield return next!;
            }
        }
        finally
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            concurrency?.Dispose();
        }
    }

    public void Dispose()
    {
        _rateLimiter?.Dispose();
        _concurrencyLimiter?.Dispose();
    }

    /// <summary>Decides whether (and where) the next attempt goes; throws the reason when there is none.</summary>
    private async ValueTask<HaEndpoint> NextEndpointAsync(CallState call, CancellationTokenSource deadline, CancellationToken callerToken, CancellationToken token)
    {
        call.Attempt++;
        HaEndpoint? elsewhere = null;
        if (call.Attempt > 1)
        {
            var last = call.Last!;
            var reason = RetryRefusal(call, last);
            if (reason is null && call.Attempt > _options.MaxAttempts) reason = DifyPipelineTelemetry.GiveUpAttempts;
            // 429 too_many_requests is Dify's per-app cap of one deployment (region): another endpoint of the same region
            // meets the same cap, another region has its own. So the retry goes to another region when one is available
            // (never for a pinned call: its conversation, task or run lives in its region only).
            if (reason is null && IsThrottle(last) && call.LastEndpoint is { } throttledAt)
            {
                call.AddThrottledRegion(throttledAt.Region);
                if (call.PinnedRegion is null) elsewhere = SelectOutsideThrottledRegions(call);
            }
            // The budget exists so that an outage never multiplies the load on a failing server. A retry of a 429 in a region
            // that has not throttled this call adds no load where the 429 came from (the throttled region answered cheaply
            // and is not asked again), and each region is tried at most once that way (MaxAttempts also bounds it): it
            // does not draw on the budget. A retry in the same region does, as every other retry.
            if (reason is null && elsewhere is null && !_budget.TryConsumeRetry())
            {
                reason = DifyPipelineTelemetry.GiveUpBudget;
                PipelineMetrics.AddForClient(PipelineMetrics.BudgetExhausted, _clientName);
            }
            // No backoff before another region: the backoff spares the place that failed, which is not asked again.
            var delay = elsewhere is not null ? TimeSpan.Zero : Backoff.Compute(call.Attempt - 1, _options.BackoffBase, _options.BackoffMax, Random.Shared);
            var elapsed = reason is null ? _time.GetElapsedTime(call.Started) : TimeSpan.Zero;
            if (reason is null && elapsed + delay >= call.Limit)
            {
                reason = DifyPipelineTelemetry.GiveUpDeadline;
                // The deadline itself has passed (the retry decision ran late): report it as the call's timeout, not as the
                // last attempt's failure.
                if (elapsed >= call.Limit)
                {
                    call.Attempt--; // the attempts made, not the one refused
                    last = call.Last = DeadlineExceeded(call, last);
                }
            }
            if (reason is not null)
            {
                Activity.Current?.SetTag(DifyPipelineTelemetry.GiveUpReasonTag, reason);
                if (call.PinnedRegion is { } region && last is not DifyApiException && reason != DifyPipelineTelemetry.GiveUpPermanent)
                {
                    if (!TryUnpin(call)) throw PinnedRegionDown(call, region, last);
                    reason = null;
                }
                else
                {
                    ExceptionDispatchInfo.Throw(last);
                }
            }
            if (reason is null && delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested && deadline.IsCancellationRequested)
                {
                    throw DeadlineExceeded(call, ex);
                }
            }
            PipelineMetrics.AddForClient(PipelineMetrics.Retries, _clientName);
            if (call.Ambiguous) call.GenerationRetried = true;
        }

        var endpoint = elsewhere ?? TakePreselected(call) ?? _pool.Select(call.Tried, call.PinnedRegion);
        // Every endpoint tried: a transient failure (a refused connection) may go to one again rather than give up.
        if (endpoint is null && call.TriedCount > 0) endpoint = _pool.Select(null, call.PinnedRegion);
        if (endpoint is null)
        {
            if (call.PinnedRegion is { } pinned)
            {
                if (TryUnpin(call)) endpoint = _pool.Select(call.Tried, null) ?? _pool.Select(null, null);
                if (endpoint is null) throw PinnedRegionDown(call, pinned, call.Last);
            }
            else
            {
                throw new DifyNoHealthyEndpointException(
                    $"No Dify endpoint is available for {call.Request.Operation}. Regions: {_pool.DescribeStates()}.",
                    null, _pool.DescribeStates(), call.Last);
            }
        }
        if (call.LastEndpoint is not null && !string.Equals(call.LastEndpoint.Region, endpoint.Region, StringComparison.Ordinal))
            PipelineMetrics.AddForClient(PipelineMetrics.Failovers, _clientName);
        call.AddTried(endpoint);
        return endpoint;
    }

    /// <summary>The endpoint chosen for the first attempt before the call started, once.</summary>
    private static HaEndpoint? TakePreselected(CallState call)
    {
        var pre = call.Preselected;
        call.Preselected = null;
        return call.Attempt == 1 ? pre : null;
    }

    /// <summary>Whether <paramref name="failure"/> is a 429 that a retry may help: <c>too_many_requests</c> (or a proxy's 429
    /// without Dify's code), not the billing quota <c>rate_limit_error</c> (classified permanent).</summary>
    private static bool IsThrottle(Exception failure)
        => failure is DifyApiException { StatusCode: 429, Classification: DifyFailureClass.Transient };

    /// <summary>An endpoint not tried yet by this call, in a region that has not throttled it; null when there is none.</summary>
    /// <remarks>The selector keeps its own preferences (priority, spill, health, P2C): endpoints of throttled regions are
    /// excluded one by one as it offers them, so this asks at most once per endpoint of those regions.</remarks>
    private HaEndpoint? SelectOutsideThrottledRegions(CallState call)
    {
        HashSet<HaEndpoint>? exclude = null;
        while (true)
        {
            var candidate = _pool.Select((IReadOnlySet<HaEndpoint>?)exclude ?? call.Tried, null);
            if (candidate is null || !call.IsThrottledRegion(candidate.Region)) return candidate;
            exclude ??= call.Tried is { } tried ? new HashSet<HaEndpoint>(tried) : [];
            if (!exclude.Add(candidate)) return null; // the pool offered an excluded endpoint again: stop rather than loop
        }
    }

    /// <summary>With <see cref="DifyPinnedRegionDownBehavior.NewConversationInBackup"/>, turns a chat message in a conversation
    /// of a dead region into the first message of a new conversation, free to go anywhere.</summary>
    private bool TryUnpin(CallState call)
    {
        if (call.Request.ConversationId is null || call.Request.Kind != DifyOperationKind.Generation
            || _options.Affinity.OnPinnedRegionDown != DifyPinnedRegionDownBehavior.NewConversationInBackup
            || call.Request.ContentFactory is null || !call.Request.IsReplayable)
        {
            return false;
        }
        // The old conversation's history lives in the dead region only.
        call.Request = WithoutConversation(call.Request);
        call.PinnedRegion = null;
        return true;
    }

    private DifyNoHealthyEndpointException PinnedRegionDown(CallState call, string region, Exception? last)
    {
        var states = _pool.DescribeStates();
        return new DifyNoHealthyEndpointException(
            $"The call {call.Request.Operation} continues a conversation, task or workflow run that lives in region '{region}', " +
            $"which is not answering; sending it to another region would only answer 404. Regions: {states}. " +
            "Retry later, or set Resilience:Affinity:OnPinnedRegionDown to NewConversationInBackup to start a new conversation elsewhere.",
            region, states, last);
    }

    /// <summary>Null when <paramref name="failure"/> may be retried; else the reason not to.</summary>
    private static string? RetryRefusal(CallState call, Exception failure)
    {
        if (failure is DifyNoHealthyEndpointException) return DifyPipelineTelemetry.GiveUpPermanent;
        var cls = Classify(failure, call.Request.Kind);
        switch (cls)
        {
            case DifyFailureClass.Permanent:
                return DifyPipelineTelemetry.GiveUpPermanent;
            case DifyFailureClass.Ambiguous:
                if (!call.AllowAmbiguous || call.Request.Kind == DifyOperationKind.Read) return DifyPipelineTelemetry.GiveUpUnsafe;
                call.Ambiguous = true;
                break;
        }
        // A body that can be produced once only cannot be sent again.
        return call.Request.IsReplayable ? null : DifyPipelineTelemetry.GiveUpUnsafe;
    }

    private static DifyFailureClass Classify(Exception failure, DifyOperationKind kind)
        => failure is DifyApiException api ? api.Classification : DifyFailureClassifier.Classify(failure, kind, requestSent: true);

    private async ValueTask<HttpResponseMessage> AttemptAsync(
        CallState call, HaEndpoint endpoint, bool hedged, CancellationToken token, CancellationToken callerToken, bool tokenIsCallDeadline = false)
    {
        var request = call.Request;
        using var activity = StartAttempt(call, endpoint, hedged);
        using var attempt = _pool.Begin(endpoint);
        // The first attempt of a call that did not queue for a client-side limit starts when the call does (one clock read
        // fewer on every call); later attempts, hedges, re-attaches and polls read the clock.
        var started = call.Attempt == 1 && !hedged && _rateLimiter is null && _concurrencyLimiter is null ? call.Started : _time.GetTimestamp();
        var blockingUnbounded = !request.Streaming && request.Kind != DifyOperationKind.Read;
        var firstTimeout = blockingUnbounded ? _clientOptions.Timeout
            : Min(request.Streaming ? _options.StreamResponseHeadersTimeout : _options.ResponseHeadersTimeout, _clientOptions.Timeout);
        // One CTS (the attempt's timeout, also cancelled by the call's token) instead of a timeout CTS plus a linked CTS;
        // the callback runs before token.IsCancellationRequested can be seen false, so the filters below still tell
        // "timed out" from "cancelled" exactly.
        // A blocking generation's attempt timeout is the client's Timeout, started after the call's deadline (≤ Timeout) was:
        // when token is that deadline, it always fires first, so the attempt needs no CTS or timer of its own.
        using var timeout = blockingUnbounded && tokenIsCallDeadline && call.Limit <= _clientOptions.Timeout
            ? null
            : new CancellationTokenSource(firstTimeout, _time);
        using var callLink = timeout is null ? default : token.UnsafeRegister(CancelSource, timeout);
        var linkedToken = timeout?.Token ?? token;
        // A stream or read still waiting for its headers on an endpoint the routing layer finds unreachable (its calls silent
        // and its health probe failing: a black hole) is ended at once rather than after its headers timeout. Blocking
        // generations are left alone: after sending they are ambiguous, so ending them early would not let them be retried.
        var unreachable = timeout is not null && !blockingUnbounded ? _pool.UnreachableToken(endpoint) : CancellationToken.None;
        using var unreachableLink = unreachable.CanBeCanceled ? unreachable.UnsafeRegister(CancelSource, timeout) : default;
        HttpResponseMessage? response = null;
        try
        {
            using var message = BuildMessage(request, endpoint);
            try
            {
                try
                {
                    response = await SendOnceAsync(message, linkedToken).ConfigureAwait(false);
                    unreachableLink.Dispose(); // answered: a later verdict on the endpoint no longer concerns this attempt
                }
                catch (HttpRequestException ex) when (_handlerFactory is not null && linkedToken.IsCancellationRequested)
                {
                    // As HttpClient does (the invoker does not): a connection torn down because the token was cancelled
                    // surfaces as a cancellation, so the timeout and cancellation handling below see it as such.
                    throw new TaskCanceledException(ex.Message, ex, linkedToken);
                }
                if (!request.Streaming && response.IsSuccessStatusCode)
                {
                    // The body of a blocking call is bounded by the client's Timeout, from the headers on.
                    timeout?.CancelAfter(_clientOptions.Timeout);
                    // Read in full now (under the attempt's timeout), into a pooled buffer for JSON answers.
                    if (await PooledBufferContent.TryReadAsync(response.Content, linkedToken).ConfigureAwait(false) is { } pooled)
                    {
                        response.Content.Dispose();
                        response.Content = pooled;
                    }
                    else
                    {
                        await response.Content.LoadIntoBufferAsync(linkedToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException ex) when (timeout is { IsCancellationRequested: true } && !token.IsCancellationRequested)
            {
                if (unreachable.IsCancellationRequested && response is null)
                {
                    throw new TimeoutException(
                        $"{endpoint.Id} did not answer {request.Method} /{StripQuery(request.PathAndQuery)} after {_time.GetElapsedTime(started).TotalMilliseconds:0} ms " +
                        "and was found unreachable (its calls silent and its health probe failing: Topology:HealthProbe:StalledProbeAfter).", ex);
                }
                throw new TimeoutException(
                    $"{endpoint.Id} did not answer {request.Method} /{StripQuery(request.PathAndQuery)} within {firstTimeout.TotalMilliseconds:0} ms " +
                    $"({(blockingUnbounded ? "Timeout" : request.Streaming ? "Resilience:StreamResponseHeadersTimeout" : "Resilience:ResponseHeadersTimeout")}).", ex);
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = await DifyApiErrorReader.ReadAsync(response, request.Kind, endpoint.BaseUrl, callerToken).ConfigureAwait(false);
                response.Dispose();
                response = null;
                throw error;
            }

            if (_affinity && request.Kind == DifyOperationKind.Generation && !request.Streaming)
                LearnFromBody(response, call, endpoint.Region, linkedToken);
            attempt.Complete(HaOutcome.Success, _time.GetElapsedTime(started));
            activity?.SetTag(DifyClientTelemetry.OutcomeTag, DifyClientTelemetry.OutcomeSuccess);
            activity?.SetTag(DifyClientTelemetry.HttpStatusCodeTag, (int)response.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            response?.Dispose();
            var cancelled = token.IsCancellationRequested && ex is OperationCanceledException;
            attempt.Complete(cancelled ? HaOutcome.Neutral : HealthOutcome(ex, request.Kind), _time.GetElapsedTime(started));
            FailAttempt(activity, ex, request.Kind, cancelled);
            throw;
        }
    }

    private async ValueTask<StreamAttempt> OpenStreamAsync(
        CallState call, HaEndpoint endpoint, DifyRequest request, DifyStreamReadOptions options, bool hedged, CancellationToken token, CancellationToken callerToken)
    {
        // The headers part is an ordinary attempt (its own timeout, classification and health report).
        var streamCall = ReferenceEquals(request, call.Request) ? call : call with { Request = request };
        var response = await AttemptAsync(streamCall, endpoint, hedged, token, callerToken).ConfigureAwait(false);
        var attempt = new StreamAttempt(endpoint, response, _pool.Begin(endpoint), _time.GetTimestamp());
        try
        {
            var readOptions = new DifyStreamReadOptions
            {
                IdleTimeout = options.IdleTimeout,
                TimeProvider = options.TimeProvider,
                Kind = request.Kind,
                MaxEventBytes = options.MaxEventBytes,
                OnPing = options.OnPing,
                Endpoint = endpoint.BaseUrl,
            };
            await attempt.OpenAsync(readOptions, callerToken).ConfigureAwait(false);
            using var firstTimeout = new CancellationTokenSource(_options.FirstEventTimeout, _time);
            using var firstLinked = CancellationTokenSource.CreateLinkedTokenSource(token, firstTimeout.Token);
            // Waiting for the first event: cancelling the attempt's body read is how a silent stream is left.
            using var registration = firstLinked.Token.Register(static s => ((StreamAttempt)s!).Abort(), attempt);
            bool any;
            try
            {
                any = await attempt.Events.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (firstTimeout.IsCancellationRequested && !token.IsCancellationRequested)
            {
                throw new TimeoutException($"{endpoint.Id} sent no event within {_options.FirstEventTimeout.TotalMilliseconds:0} ms (Resilience:FirstEventTimeout).", ex);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                token.ThrowIfCancellationRequested();
                throw;
            }
            if (!any) throw new DifyStreamTruncatedException($"The stream from {endpoint.Id} ended before its first event.");
            attempt.First = attempt.Events.Current;
            return attempt;
        }
        catch (Exception ex)
        {
            attempt.Complete(ex is DifyApiException ? HaOutcome.Neutral : HaOutcome.Failure, _time);
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Re-attaches to a workflow run on its region; null when that failed <see cref="DifyResilienceOptions.MaxAttempts"/> times.</summary>
    private async ValueTask<StreamAttempt?> ReattachAsync(
        DifyRequest original, DifyStreamReadOptions options, StreamTracker progress, string region, int reattach, Exception cause, CancellationToken cancellationToken)
    {
        var runId = progress.WorkflowRunId!;
        var path = $"workflow/{Uri.EscapeDataString(runId)}/events" + (original.User is { } user ? $"?user={Uri.EscapeDataString(user)}" : string.Empty);
        var request = new DifyRequest("streamWorkflowEvents", HttpMethod.Get, path, DifyOperationKind.Read, original.ApiKey)
        {
            Streaming = true,
            WorkflowRunId = runId,
        };
        var call = new CallState(request, allowAmbiguous: false, region, _time.GetTimestamp()) { Last = cause };
        using var deadline = new CancellationTokenSource(_options.Deadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        for (var i = 0; i < _options.MaxAttempts; i++)
        {
            var delay = Backoff.Compute(reattach + i, _options.BackoffBase, _options.BackoffMax, Random.Shared);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            var endpoint = _pool.Select(call.Tried, region) ?? _pool.Select(null, region);
            if (endpoint is null) return null;
            call.AddTried(endpoint);
            PipelineMetrics.Reattaches.Add(1);
            try
            {
                var stream = await OpenStreamAsync(call, endpoint, request, options, hedged: false, linked.Token, cancellationToken).ConfigureAwait(false);
                // The re-attach stream replays the run from workflow_started: skip what the caller already has
                // (stream.First, the replay's first event, is the first one skipped).
                progress.Skip = progress.Delivered;
                return stream;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                call.Last = ex;
                if (ex is DifyApiException { Classification: DifyFailureClass.Permanent }) return null;
            }
        }
        return null;
    }

    private async ValueTask<DifyStreamEvent> PollFinalStateAsync(
        DifyRequest original, StreamTracker progress, HaEndpoint lastEndpoint, Exception cause, CancellationToken cancellationToken)
    {
        var runId = progress.WorkflowRunId!;
        var request = new DifyRequest("getWorkflowRunDetail", HttpMethod.Get, $"workflows/run/{Uri.EscapeDataString(runId)}", DifyOperationKind.Read, original.ApiKey)
        {
            WorkflowRunId = runId,
        };
        var call = new CallState(request, allowAmbiguous: false, lastEndpoint.Region, _time.GetTimestamp());
        var poll = 0;
        var failures = 0;
        while (true)
        {
            // The run lives on this region only: when its breaker is open, still ask the endpoint the run came from,
            // the last way to learn the outcome the caller is waiting for.
            var endpoint = _pool.Select(null, lastEndpoint.Region) ?? lastEndpoint;
            call.Attempt++;
            WorkflowRunDetail? detail = null;
            try
            {
                using var response = await AttemptAsync(call, endpoint, hedged: false, cancellationToken, cancellationToken).ConfigureAwait(false);
                detail = await response.Content.ReadFromJsonAsync(DifyApiJsonContext.Default.WorkflowRunDetail, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (++failures >= _options.MaxAttempts || Classify(ex, DifyOperationKind.Read) == DifyFailureClass.Permanent)
                    throw progress.Interrupted(original, lastEndpoint.Region, new AggregateException(cause, ex));
            }
            if (detail is not null && !string.Equals(detail.Status, "running", StringComparison.Ordinal) && !string.Equals(detail.Status, "paused", StringComparison.Ordinal))
            {
                return new WorkflowFinishedEvent
                {
                    TaskId = progress.TaskId,
                    WorkflowRunId = runId,
                    Data = new DifyWorkflowRunData
                    {
                        Id = detail.Id,
                        WorkflowId = detail.WorkflowId,
                        Status = detail.Status,
                        Outputs = detail.Outputs,
                        Error = detail.Error,
                        ElapsedTime = detail.ElapsedTime,
                        TotalTokens = detail.TotalTokens,
                        TotalSteps = detail.TotalSteps,
                        CreatedAt = detail.CreatedAt,
                        FinishedAt = detail.FinishedAt,
                    },
                };
            }
            if (_time.GetElapsedTime(call.Started) > _options.Deadline)
                throw progress.Interrupted(original, lastEndpoint.Region, new TimeoutException($"Workflow run {runId} was still running after Resilience:Deadline.", cause));
            var delay = Backoff.Compute(++poll, TimeSpan.FromMilliseconds(Math.Max(_options.BackoffBase.TotalMilliseconds, 100)), _options.BackoffMax, Random.Shared);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static HttpRequestMessage BuildMessage(DifyRequest request, HaEndpoint endpoint)
    {
        var message = new HttpRequestMessage(request.Method, endpoint.Resolve(request.PathAndQuery));
        message.Headers.Authorization = endpoint.Authorization(endpoint.ApiKeyOverride ?? request.ApiKey);
        if (request.Streaming) message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        message.Content = request.ContentFactory?.Invoke();
        return message;
    }

    private string? ResolvePin(DifyRequest request)
        => !_affinity || (request.ConversationId is null && request.TaskId is null && request.WorkflowRunId is null)
            ? null
            : Affinity.Find(request.ConversationId, request.TaskId, request.WorkflowRunId);

    /// <summary>Pins the ids an event carries to <paramref name="region"/>; with <paramref name="known"/> (the stream's
    /// tracker), only ids the stream has not carried before: a stream repeats its ids on every event.</summary>
    private void Learn(DifyStreamEvent e, string region, StreamTracker? known = null)
    {
        if (_affinity)
        {
            if (e.ConversationId is { Length: > 0 } c && !string.Equals(c, known?.ConversationId, StringComparison.Ordinal)) Affinity.PinConversation(c, region);
            if (e.TaskId is { Length: > 0 } t && !string.Equals(t, known?.TaskId, StringComparison.Ordinal)) Affinity.PinTask(t, region);
            if (e.WorkflowRunId is { Length: > 0 } r && !string.Equals(r, known?.WorkflowRunId, StringComparison.Ordinal)) Affinity.PinRun(r, region);
        }
        if (e is MessageEndEvent { Metadata.Usage: { } usage })
        {
            if (usage.PromptTokens is { } p) PipelineMetrics.Tokens.Add(p, new KeyValuePair<string, object?>(DifyPipelineTelemetry.TokenTypeTag, "prompt"));
            if (usage.CompletionTokens is { } o) PipelineMetrics.Tokens.Add(o, new KeyValuePair<string, object?>(DifyPipelineTelemetry.TokenTypeTag, "completion"));
        }
    }

    /// <summary>Reads the ids a blocking generation created (conversation, run) from its buffered body, to pin them.</summary>
    /// <remarks>Runs on every blocking generation, so it allocates only the ids it keeps: a JSON body is read in place from
    /// its pooled buffer (another buffered body is copied into a pooled array), property names are compared as UTF-8, and
    /// other values are never turned into strings.</remarks>
    private void LearnFromBody(HttpResponseMessage response, CallState call, string region, CancellationToken token)
    {
        if (response.Content is PooledBufferContent pooled)
        {
            PinIdsFromBody(pooled.Body, call, region);
            return;
        }
        // The content is buffered (LoadIntoBufferAsync): this stream is a view over that buffer, no I/O, so the synchronous
        // read is safe and saves a Task per call. HttpContent hands the same stream to the caller's later read: it is not
        // disposed here and is rewound below.
        var stream = response.Content.ReadAsStream(token);
        if (!stream.CanSeek) return;
        var origin = stream.Position;
        var length = (int)Math.Min(stream.Length - origin, int.MaxValue);
        if (length == 0) return;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = stream.Read(buffer.AsSpan(read, length - read));
                if (n == 0) break;
                read += n;
            }
            PinIdsFromBody(buffer.AsSpan(0, read), call, region);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            stream.Position = origin;
        }
    }

    private const int ConversationIdBit = 1;
    private const int RunIdBit = 2;

    /// <summary>Pins the ids of a blocking generation's answer to <paramref name="region"/>.</summary>
    /// <remarks>Pins the conversation and the workflow run, not the task: the answer of a blocking generation comes when its
    /// task has ended, so there is nothing left to stop (a pin would only cost a string and a cache entry per call). A
    /// follow-up's conversation that was routed by its pin to this very region is not pinned again: finding it already
    /// renewed it.</remarks>
    private void PinIdsFromBody(ReadOnlySpan<byte> body, CallState call, string region)
    {
        var known = call.Request.ConversationId is { Length: > 0 } c && string.Equals(call.PinnedRegion, region, StringComparison.Ordinal) ? c : null;
        // The scan stops once it has every id this kind of answer carries (both ids come before the answer's bulk: its
        // metadata or outputs), so the API layer's deserialization stays the only full pass over the body.
        var path = StripQuery(call.Request.PathAndQuery);
        var wanted = path is "chat-messages" ? ConversationIdBit
            : path.StartsWith("workflows/", StringComparison.Ordinal) && path.EndsWith("/run", StringComparison.Ordinal) ? RunIdBit
            : ConversationIdBit | RunIdBit;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
            while (wanted != 0 && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var which = reader.ValueTextEquals("conversation_id"u8) ? ConversationIdBit
                    : reader.ValueTextEquals("workflow_run_id"u8) ? RunIdBit
                    : 0;
                if (!reader.Read()) return;
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }
                if (which == 0) continue;
                wanted &= ~which;
                if (which == ConversationIdBit && known is not null && reader.ValueTextEquals(known)) continue;
                var value = reader.GetString();
                if (string.IsNullOrEmpty(value)) continue;
                if (which == ConversationIdBit) Affinity.PinConversation(value, region);
                else Affinity.PinRun(value, region);
            }
        }
        catch (JsonException)
        {
            // Not our concern here: the API layer reports a bad body.
        }
    }

    private static DifyRequest WithoutConversation(DifyRequest request)
    {
        var factory = request.ContentFactory!;
        return request with
        {
            ConversationId = null,
            ContentFactory = () =>
            {
                using var original = factory();
                var node = System.Text.Json.Nodes.JsonNode.Parse(original.ReadAsStream());
                if (node is System.Text.Json.Nodes.JsonObject obj) obj["conversation_id"] = string.Empty;
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "{}"));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                return content;
            },
        };
    }

    private bool ShouldHedge(DifyRequest request)
        => request.Kind == DifyOperationKind.Read && !request.Streaming && _options.Hedging is { Reads: true };

    private bool ShouldHedgeStream(DifyRequest request)
        => request.Kind == DifyOperationKind.Generation && request.Streaming && request.IsReplayable
           && _options.Hedging is { Generations: true } && StopPath(request, "x") is not null;

    /// <summary>
    /// Opens the stream on <paramref name="first"/>; after the hedging delay without a first event, also on
    /// <paramref name="second"/>. The first to produce an event wins; the loser, whose generation may already run (and
    /// bill), is stopped with the stop endpoint once its task id is known.
    /// </summary>
    private async ValueTask<StreamAttempt> HedgedOpenStreamAsync(
        CallState call, HaEndpoint first, HaEndpoint second, DifyStreamReadOptions options, CancellationToken token, CancellationToken callerToken)
    {
        var primary = OpenStreamAsync(call, first, call.Request, options, hedged: false, token, callerToken).AsTask();
        using (var delayCts = CancellationTokenSource.CreateLinkedTokenSource(token))
        {
            var delay = Task.Delay(_options.Hedging.Delay, _time, delayCts.Token);
            if (await Task.WhenAny(primary, delay).ConfigureAwait(false) == primary)
            {
                await delayCts.CancelAsync().ConfigureAwait(false);
                return await primary.ConfigureAwait(false);
            }
        }

        call.AddTried(second);
        PipelineMetrics.Hedges.Add(1);
        var hedge = OpenStreamAsync(call, second, call.Request, options, hedged: true, token, callerToken).AsTask();
        var pending = new List<Task<StreamAttempt>> { primary, hedge };
        Exception? failure = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.IsCompletedSuccessfully)
            {
                foreach (var loser in pending) _ = StopLoserAsync(loser, call.Request);
                return done.Result;
            }
            failure ??= done.Exception?.InnerException;
        }
        ExceptionDispatchInfo.Throw(failure!);
        return null!;
    }

    /// <summary>Waits for the losing hedge's first event (its generation is running), then stops it and closes it.</summary>
    private async Task StopLoserAsync(Task<StreamAttempt> loser, DifyRequest original)
    {
        StreamAttempt stream;
        try
        {
            stream = await loser.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return; // It failed before producing anything: nothing to stop.
        }
        await using (stream.ConfigureAwait(false))
        {
            if (stream.First?.TaskId is not { Length: > 0 } taskId || StopPath(original, taskId) is not { } path) return;
            Learn(stream.First, stream.Endpoint.Region);
            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?> { ["user"] = original.User }, HedgeJsonContext.Default.DictionaryStringString);
            var stop = new DifyRequest("stopHedgedGeneration", HttpMethod.Post, path, DifyOperationKind.Write, original.ApiKey)
            {
                TaskId = taskId,
                ContentFactory = () =>
                {
                    var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    return content;
                },
            };
            try
            {
                using var response = await SendAsync(stop, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Best effort: the loser's region may be the slow or failing one.
                Activity.Current?.SetTag(DifyPipelineTelemetry.HedgedTag, "stop-failed");
            }
        }
    }

    /// <summary>The stop endpoint of a generation request (chat, completion, workflow), or null.</summary>
    private static string? StopPath(DifyRequest request, string taskId)
    {
        var path = StripQuery(request.PathAndQuery);
        var id = Uri.EscapeDataString(taskId);
        if (path == "chat-messages") return $"chat-messages/{id}/stop";
        if (path == "completion-messages") return $"completion-messages/{id}/stop";
        if (path.StartsWith("workflows/", StringComparison.Ordinal) && path.EndsWith("run", StringComparison.Ordinal)) return $"workflows/tasks/{id}/stop";
        return null;
    }

    private static HashSet<HaEndpoint> WithTried(CallState call, HaEndpoint endpoint)
    {
        var set = call.Tried is { } tried ? new HashSet<HaEndpoint>(tried) : [];
        set.Add(endpoint);
        return set;
    }

    /// <summary>Runs <paramref name="first"/>; after the hedging delay without an answer, also <paramref name="second"/>; the first success wins.</summary>
    private async ValueTask<HttpResponseMessage> HedgedSendAsync(CallState call, HaEndpoint first, HaEndpoint second, CancellationToken token, CancellationToken callerToken)
    {
        using var losers = CancellationTokenSource.CreateLinkedTokenSource(token);
        var primary = AttemptAsync(call, first, hedged: false, losers.Token, callerToken).AsTask();
        var delay = Task.Delay(_options.Hedging.Delay, _time, losers.Token);
        if (await Task.WhenAny(primary, delay).ConfigureAwait(false) == primary && primary.IsCompletedSuccessfully)
            return await primary.ConfigureAwait(false);
        if (primary.IsCompleted) return await primary.ConfigureAwait(false);

        PipelineMetrics.Hedges.Add(1);
        var hedge = AttemptAsync(call, second, hedged: true, losers.Token, callerToken).AsTask();
        var pending = new List<Task<HttpResponseMessage>> { primary, hedge };
        Exception? failure = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.IsCompletedSuccessfully)
            {
                await losers.CancelAsync().ConfigureAwait(false);
                foreach (var loser in pending)
                {
                    // Dispose a loser that won anyway in the race, and observe its cancellation.
                    _ = loser.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); _ = t.Exception; }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                return done.Result;
            }
            failure ??= done.Exception?.InnerException;
        }
        ExceptionDispatchInfo.Throw(failure!);
        return null!;
    }

    private async ValueTask<RateLimitLease?> AcquireAsync(DifyRequest request, CancellationTokenSource deadline, CancellationToken callerToken, CancellationToken token)
    {
        if (_rateLimiter is not null)
        {
            using var rate = await AcquireOneAsync(_rateLimiter, request, "Resilience:RateLimitPerSecond", deadline, callerToken, token).ConfigureAwait(false);
        }
        return _concurrencyLimiter is null ? null
            : await AcquireOneAsync(_concurrencyLimiter, request, "Resilience:MaxConcurrency", deadline, callerToken, token).ConfigureAwait(false);
    }

    private static async ValueTask<RateLimitLease> AcquireOneAsync(
        RateLimiter limiter, DifyRequest request, string key, CancellationTokenSource deadline, CancellationToken callerToken, CancellationToken token)
    {
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(1, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Operation} waited for the client-side limit ({key}) until its deadline (Resilience:Deadline).", ex);
        }
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw new TimeoutException($"{request.Operation} was refused by the client-side limit ({key}).");
    }

    private static TokenBucketRateLimiter? CreateRateLimiter(double? perSecond)
    {
        if (perSecond is not { } rate) return null;
        // Refill often enough to spread the permits: every 100 ms for high rates, one permit per 1/rate s for low ones.
        var (period, tokens) = rate >= 10
            ? (TimeSpan.FromMilliseconds(100), (int)Math.Max(1, Math.Round(rate / 10)))
            : (TimeSpan.FromSeconds(1 / rate), 1);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = (int)Math.Max(1, Math.Ceiling(rate)),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private Activity? StartAttempt(CallState call, HaEndpoint endpoint, bool hedged)
    {
        PipelineMetrics.AddForClient(PipelineMetrics.Attempts, _clientName, endpoint.Region);
        var activity = PipelineMetrics.AttemptSource.StartActivity(DifyPipelineTelemetry.AttemptActivityName, ActivityKind.Client);
        if (activity is null) return null;
        activity.SetTag(DifyClientTelemetry.ClientNameTag, _clientName);
        activity.SetTag(DifyClientTelemetry.OperationTag, call.Request.Operation);
        activity.SetTag(DifyPipelineTelemetry.EndpointTag, endpoint.Id);
        activity.SetTag(DifyPipelineTelemetry.RegionTag, endpoint.Region);
        activity.SetTag(DifyPipelineTelemetry.AttemptTag, call.Attempt);
        if (hedged) activity.SetTag(DifyPipelineTelemetry.HedgedTag, true);
        if (call.GenerationRetried) activity.SetTag(DifyPipelineTelemetry.GenerationRetryTag, true);
        if (call.Request.Operation == "streamWorkflowEvents" && call.Request.WorkflowRunId is not null) activity.SetTag(DifyPipelineTelemetry.ReattachTag, true);
        return activity;
    }

    private static void FailAttempt(Activity? activity, Exception ex, DifyOperationKind kind, bool cancelled)
    {
        if (activity is null) return;
        activity.SetTag(DifyClientTelemetry.OutcomeTag, cancelled ? DifyClientTelemetry.OutcomeCancelled : DifyClientTelemetry.OutcomeError);
        if (cancelled) return;
        activity.SetTag(DifyPipelineTelemetry.ClassificationTag, Classify(ex, kind).ToString());
        activity.SetTag(DifyClientTelemetry.ErrorTypeTag, ex.GetType().FullName);
        if (ex is DifyApiException api)
        {
            activity.SetTag(DifyClientTelemetry.ErrorCodeTag, api.Code);
            activity.SetTag(DifyClientTelemetry.HttpStatusCodeTag, api.StatusCode);
        }
        activity.SetStatus(ActivityStatusCode.Error, ex.Message);
    }

    /// <summary>What a failure says about the endpoint: a 4xx (and Dify's throttles) is about the request, not its health.</summary>
    private static HaOutcome HealthOutcome(Exception ex, DifyOperationKind kind) => ex switch
    {
        DifyApiException { StatusCode: >= 500 } => HaOutcome.Failure,
        _ when IsThrottle(ex) => HaOutcome.Throttled,
        DifyApiException => HaOutcome.Neutral,
        _ => Classify(ex, kind) == DifyFailureClass.Permanent ? HaOutcome.Neutral : HaOutcome.Failure,
    };

    private TimeoutException DeadlineExceeded(CallState call, Exception inner)
    {
        var request = call.Request;
        var key = call.Limit == _clientOptions.Timeout && !request.Streaming ? "DifyClientOptions.Timeout" : "Resilience:Deadline";
        return new TimeoutException(
            $"Dify did not answer {request.Method} /{StripQuery(request.PathAndQuery)} ({request.Operation}) within {call.Limit.TotalSeconds:0.###} s " +
            $"over {call.Attempt} attempt(s) ({key}); raise it for long generations or use the streaming call.", inner);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static readonly Action<object?> CancelSource = static s => ((CancellationTokenSource)s!).Cancel();

    /// <summary>Sends one attempt's request (headers read) through the client name's handler chain.</summary>
    /// <remarks>
    /// IHttpClientFactory.CreateClient allocates an HttpClient (and its pending-requests CTS, and a linked CTS per send)
    /// every time; here one <see cref="HttpMessageInvoker"/> over the factory's current handler is reused for
    /// <see cref="InvokerRefreshInterval"/>, then the factory is asked again so its handler rotation still applies. The
    /// factory disposes an expired handler only once nothing references it, so an invoker still in use stays valid.
    /// Without an <see cref="IHttpMessageHandlerFactory"/> (a custom factory), a client is created per attempt as before.
    /// </remarks>
    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage message, CancellationToken token)
    {
        if (_handlerFactory is null)
            return _httpClientFactory.CreateClient(_httpClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token);

        var cached = _invoker;
        // The refresh is checked on every 16th send only (a clock read fewer on the others): rotation is about new DNS
        // answers and connection pools, which PooledConnectionLifetime already bounds, so a few calls late is harmless.
        if (cached is null || ((++_sendsSinceCheck & 15) == 0 && _time.GetElapsedTime(cached.Created) >= InvokerRefreshInterval))
        {
            // A race here only builds two invokers over the same handler; the loser is left to the GC (it owns nothing:
            // disposeHandler is false, the factory owns the handler).
            cached = new CachedInvoker(new HttpMessageInvoker(_handlerFactory.CreateHandler(_httpClientName), disposeHandler: false), _time.GetTimestamp());
            _invoker = cached;
        }
        return cached.Invoker.SendAsync(message, token);
    }

    private static bool IsPlainClient(IHttpClientFactory factory, string name)
    {
        using var client = factory.CreateClient(name);
        using var headers = client.DefaultRequestHeaders.GetEnumerator();
        return client.Timeout == Timeout.InfiniteTimeSpan && !headers.MoveNext();
    }

    private sealed record CachedInvoker(HttpMessageInvoker Invoker, long Created);

    private static string StripQuery(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? pathAndQuery : pathAndQuery[..q];
    }
}
