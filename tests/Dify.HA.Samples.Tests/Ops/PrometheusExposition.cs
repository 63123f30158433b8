using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Dify.HA.Samples.Tests.Ops;

/// <summary>
/// The Prometheus series names of the SDK's instruments, as the real OpenTelemetry Prometheus exporter
/// (OpenTelemetry.Exporter.Prometheus.AspNetCore, the one the web sample uses) writes them. The exporter names a series
/// from the instrument's name, unit and kind only, and writes only instruments that have measurements, so each SDK
/// instrument gets a twin with the same name, unit and kind on a test meter, recorded once, and the exporter's
/// <c>/metrics</c> page (served on 127.0.0.1, port 0) is read back.
/// </summary>
internal static class PrometheusExposition
{
    private const string TwinMeter = "Dify.HA.Samples.Tests.Ops.Twins";

    private static readonly Lazy<Task<IReadOnlySet<string>>> Series = new(() => ScrapeAsync(SdkInstruments.Published));

    /// <summary>Every series name the SDK's instruments produce (e.g. <c>dify_client_failovers_total</c>,
    /// <c>dify_client_request_duration_seconds_bucket</c>).</summary>
    public static Task<IReadOnlySet<string>> SdkSeriesAsync() => Series.Value;

    public static async Task<IReadOnlySet<string>> ScrapeAsync(IEnumerable<SdkInstrument> instruments)
    {
        using var meter = new Meter(TwinMeter);
        var twins = instruments.ToList();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(TwinMeter).AddPrometheusExporter().Build();
        foreach (var instrument in twins) RecordTwin(meter, instrument);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, path: "/metrics", configureBranchedPipeline: null, optionsName: null);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var text = await http.GetStringAsync(new Uri(new Uri(address), "/metrics"));
            return SeriesNames(text);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>The series names of a text exposition (every sample line's name, not the <c># TYPE</c> family names).</summary>
    public static HashSet<string> SeriesNames(string exposition) =>
        exposition.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

    private static void RecordTwin(Meter meter, SdkInstrument instrument)
    {
        var kind = instrument.Kind;
        if (kind == typeof(Counter<>)) meter.CreateCounter<long>(instrument.Name, instrument.Unit).Add(1);
        else if (kind == typeof(Histogram<>)) meter.CreateHistogram<double>(instrument.Name, instrument.Unit).Record(1);
        else if (kind == typeof(UpDownCounter<>)) meter.CreateUpDownCounter<long>(instrument.Name, instrument.Unit).Add(1);
        else if (kind == typeof(Gauge<>)) meter.CreateGauge<double>(instrument.Name, instrument.Unit).Record(1);
        else if (kind == typeof(ObservableGauge<>)) meter.CreateObservableGauge(instrument.Name, () => 1d, instrument.Unit);
        else if (kind == typeof(ObservableCounter<>)) meter.CreateObservableCounter(instrument.Name, () => 1L, instrument.Unit);
        else if (kind == typeof(ObservableUpDownCounter<>)) meter.CreateObservableUpDownCounter(instrument.Name, () => 1L, instrument.Unit);
        else throw new NotSupportedException($"{instrument}: an instrument kind the ops tests do not know how to twin; add it to {nameof(RecordTwin)}.");
    }
}
