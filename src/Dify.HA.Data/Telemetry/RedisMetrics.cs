using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dify.HA.Data.Telemetry;

/// <summary>The Redis provider's and idempotency store's instruments, created once per meter.</summary>
internal sealed class RedisMetrics
{
    private readonly KeyValuePair<string, object?> _mode;

    public RedisMetrics(IMeterFactory? meterFactory, string mode)
    {
        // Without a factory (no DI) the Meter is static so that listeners find one instrument set per process.
        var meter = meterFactory?.Create(DifyDataTelemetry.SourceName) ?? SharedMeter;
        _mode = new KeyValuePair<string, object?>(RedisTelemetry.ModeTag, mode);
        Failovers = meter.CreateCounter<long>(RedisTelemetry.FailoversSeen, unit: "{failover}", description: "Master switches seen.");
        Reconnects = meter.CreateCounter<long>(RedisTelemetry.Reconnects, unit: "{connection}", description: "Connections re-established after a failure.");
        Reconfigures = meter.CreateCounter<long>(RedisTelemetry.Reconfigures, unit: "{reconfigure}", description: "Topology re-reads forced after failover errors.");
        Retries = meter.CreateCounter<long>(RedisTelemetry.CommandRetries, unit: "{retry}", description: "Commands run again after a failover error.");
        // Explicit buckets: exporters default to millisecond-sized ones; a failover takes about 1 to 30 s.
        Unavailable = meter.CreateHistogram(RedisTelemetry.WritableMasterUnavailable, "s", "Time without a writable master.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60, 120] });
    }

    private static Meter SharedMeter { get; } = new(DifyDataTelemetry.SourceName);

    public Counter<long> Failovers { get; }

    public Counter<long> Reconnects { get; }

    public Counter<long> Reconfigures { get; }

    public Counter<long> Retries { get; }

    public Histogram<double> Unavailable { get; }

    public void FailoverSeen() => Failovers.Add(1, _mode);

    public void Reconnected() => Reconnects.Add(1, _mode);

    public void Reconfigured() => Reconfigures.Add(1, _mode);

    public void Retried(string reason) => Retries.Add(1, _mode, new KeyValuePair<string, object?>(RedisTelemetry.ReasonTag, reason));

    public void WritableMasterRestored(TimeSpan unavailable) => Unavailable.Record(unavailable.TotalSeconds, _mode);

    public static Counter<long> CreateIdempotencyCounter(IMeterFactory? meterFactory) =>
        (meterFactory?.Create(DifyDataTelemetry.SourceName) ?? SharedMeter)
            .CreateCounter<long>(RedisTelemetry.IdempotencyBegins, unit: "{begin}", description: "Idempotency TryBegin outcomes.");

    public static void IdempotencyBegin(Counter<long> counter, string backend, string outcome) =>
        counter.Add(1, new TagList { { RedisTelemetry.BackendTag, backend }, { RedisTelemetry.OutcomeTag, outcome } });
}
