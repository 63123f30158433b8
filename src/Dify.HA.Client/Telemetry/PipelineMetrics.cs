using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dify.HA.Client.Telemetry;

/// <summary>The pipeline's instruments (names in <see cref="DifyPipelineTelemetry"/>), on one process-wide Meter.</summary>
internal static class PipelineMetrics
{
    public static readonly Meter Meter = new(DifyClientTelemetry.SourceName);
    public static readonly System.Diagnostics.ActivitySource AttemptSource = new(DifyPipelineTelemetry.AttemptSourceName);
    // Exporters default to millisecond-sized buckets (0, 5, 10 … 10000); these are seconds, from a cached answer to a long
    // generation, so that a p99 read from the histogram means something without a View in every application.
    private static readonly InstrumentAdvice<double> SecondsAdvice = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    };

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        DifyPipelineTelemetry.RequestDurationMetric, "s", "A logical call through the pipeline (a stream: until its first event).", tags: null, SecondsAdvice);
    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>(DifyPipelineTelemetry.AttemptsMetric);
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(DifyPipelineTelemetry.RetriesMetric);
    public static readonly Counter<long> Failovers = Meter.CreateCounter<long>(DifyPipelineTelemetry.FailoversMetric);
    public static readonly Counter<long> BudgetExhausted = Meter.CreateCounter<long>(DifyPipelineTelemetry.BudgetExhaustedMetric);
    public static readonly Counter<long> Reattaches = Meter.CreateCounter<long>(DifyPipelineTelemetry.ReattachesMetric);
    public static readonly Counter<long> Hedges = Meter.CreateCounter<long>(DifyPipelineTelemetry.HedgesMetric);
    public static readonly Histogram<double> TimeToFirstEvent = Meter.CreateHistogram(
        DifyPipelineTelemetry.TimeToFirstEventMetric, "s", "From a streaming call's start to its first event.", tags: null, SecondsAdvice);
    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>(DifyPipelineTelemetry.TokensMetric);

    /// <summary>The <c>error.type</c> of a call its caller cancelled.</summary>
    public const string CanceledErrorType = "canceled";

    /// <summary>Records a call's duration; <paramref name="errorType"/> null for a call that succeeded.</summary>
    public static void RecordRequest(double seconds, string clientName, string operation, string? errorType)
    {
        var tags = new TagList
        {
            { DifyClientTelemetry.ClientNameTag, clientName },
            { DifyClientTelemetry.OperationTag, operation },
        };
        if (errorType is not null) tags.Add(DifyPipelineTelemetry.ErrorTypeTag, errorType);
        RequestDuration.Record(seconds, in tags);
    }

    /// <summary>Adds one to a counter tagged with the client's name (and the region, when given).</summary>
    public static void AddForClient(Counter<long> counter, string clientName, string? region = null)
    {
        if (!counter.Enabled) return;
        if (region is null)
            counter.Add(1, new KeyValuePair<string, object?>(DifyClientTelemetry.ClientNameTag, clientName));
        else
            counter.Add(1, new KeyValuePair<string, object?>(DifyClientTelemetry.ClientNameTag, clientName), new KeyValuePair<string, object?>(DifyPipelineTelemetry.RegionTag, region));
    }
}
