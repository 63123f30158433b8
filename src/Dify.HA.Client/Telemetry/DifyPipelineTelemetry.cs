namespace Dify.HA.Client.Telemetry;

/// <summary>
/// The HA pipeline's telemetry vocabulary: per-attempt Activities, tags and metric names (on the
/// <see cref="DifyClientTelemetry.SourceName"/> ActivitySource and Meter).
/// </summary>
public static class DifyPipelineTelemetry
{
    /// <summary>The ActivitySource of the per-attempt Activities: <c>Dify.HA.Client.Attempts</c>. Separate from the
    /// per-call source (<see cref="DifyClientTelemetry.SourceName"/>) so that attempt-level tracing is opt-in: subscribe
    /// to both to see each call with its attempts as children.</summary>
    public const string AttemptSourceName = "Dify.HA.Client.Attempts";

    /// <summary>Activity of one attempt of a call on one endpoint: <c>dify.attempt</c> (child of the call's Activity).</summary>
    public const string AttemptActivityName = "dify.attempt";

    /// <summary>Tag: the endpoint id of the attempt.</summary>
    public const string EndpointTag = "dify.endpoint";

    /// <summary>Tag: the region of the attempt's endpoint.</summary>
    public const string RegionTag = "dify.region";

    /// <summary>Tag: the attempt number (1 = first).</summary>
    public const string AttemptTag = "dify.attempt.number";

    /// <summary>Tag: the failure class of a failed attempt (<c>Transient</c>, <c>Ambiguous</c>, <c>Permanent</c>).</summary>
    public const string ClassificationTag = "dify.failure.class";

    /// <summary>Tag: <c>true</c> on an attempt that re-sends a generation after an ambiguous failure (opted in: it may
    /// duplicate a paid generation).</summary>
    public const string GenerationRetryTag = "dify.generation.retried";

    /// <summary>Tag: <c>true</c> on a hedged attempt.</summary>
    public const string HedgedTag = "dify.hedged";

    /// <summary>Tag: <c>true</c> on an attempt that re-attaches to a workflow run after a broken stream.</summary>
    public const string ReattachTag = "dify.stream.reattach";

    /// <summary>Tag: why the pipeline stopped retrying (<c>budget</c>, <c>deadline</c>, <c>unsafe</c>, <c>permanent</c>, <c>attempts</c>).</summary>
    public const string GiveUpReasonTag = "dify.retry.give_up";

    /// <summary>Histogram (s): duration of a logical call through the pipeline (a stream: until its commit point), failed
    /// calls included (tags: client, operation, and <see cref="ErrorTypeTag"/> on a failure).</summary>
    public const string RequestDurationMetric = "dify.client.request.duration";

    /// <summary>Tag, on failed calls only (as OpenTelemetry's <c>error.type</c>): the short name of the exception the call
    /// ended with (e.g. <c>DifyApiException</c>, <c>DifyNoHealthyEndpointException</c>, <c>TimeoutException</c>), or
    /// <c>canceled</c> when the caller cancelled.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Counter: attempts sent.</summary>
    public const string AttemptsMetric = "dify.client.attempts";

    /// <summary>Counter: retries (attempts after the first).</summary>
    public const string RetriesMetric = "dify.client.retries";

    /// <summary>Counter: retries that went to another region than the previous attempt.</summary>
    public const string FailoversMetric = "dify.client.failovers";

    /// <summary>Counter: retries refused because the retry budget was spent.</summary>
    public const string BudgetExhaustedMetric = "dify.client.retry_budget.exhausted";

    /// <summary>Counter: workflow stream re-attachments.</summary>
    public const string ReattachesMetric = "dify.client.stream.reattaches";

    /// <summary>Counter: hedged attempts started.</summary>
    public const string HedgesMetric = "dify.client.hedges";

    /// <summary>Histogram (s): time from sending a streaming call to its first event.</summary>
    public const string TimeToFirstEventMetric = "dify.client.stream.time_to_first_event";

    /// <summary>Counter: tokens reported by <c>message_end</c> usage, tagged <see cref="TokenTypeTag"/>.</summary>
    public const string TokensMetric = "dify.client.tokens";

    /// <summary>Tag of <see cref="TokensMetric"/>: <c>prompt</c> or <c>completion</c>.</summary>
    public const string TokenTypeTag = "dify.token.type";

    /// <summary>Give-up reason: the retry budget was spent.</summary>
    public const string GiveUpBudget = "budget";

    /// <summary>Give-up reason: the next backoff would end past the deadline.</summary>
    public const string GiveUpDeadline = "deadline";

    /// <summary>Give-up reason: a generation failed ambiguously and retries of generations were not allowed.</summary>
    public const string GiveUpUnsafe = "unsafe";

    /// <summary>Give-up reason: the failure cannot be helped by a retry.</summary>
    public const string GiveUpPermanent = "permanent";

    /// <summary>Give-up reason: MaxAttempts reached.</summary>
    public const string GiveUpAttempts = "attempts";
}
