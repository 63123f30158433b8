using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Dify.HA.Client.Telemetry;
using Dify.HA.Data.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Samples.Tests.Ops;

/// <summary>
/// Collects the instruments the SDK really creates, with a <see cref="MeterListener"/> on the <c>Dify.HA.Client</c> and
/// <c>Dify.HA.Data</c> meters while every <c>*Metrics</c> class of the packages' <c>Telemetry</c> namespaces is brought to
/// life: static ones by running their type initializer, instance ones by calling their constructor with a real
/// <see cref="IMeterFactory"/>, plus their static <c>Create…(IMeterFactory)</c> instrument factories. Nothing is listed by
/// hand, so an instrument added, renamed or given another unit in src/ shows up here without editing the tests.
/// </summary>
internal static class SdkInstruments
{
    public static readonly string[] MeterNames = [DifyClientTelemetry.SourceName, DifyDataTelemetry.SourceName];

    private static readonly Lazy<IReadOnlyList<SdkInstrument>> All = new(Collect);

    public static IReadOnlyList<SdkInstrument> Published => All.Value;

    private static List<SdkInstrument> Collect()
    {
        var found = new ConcurrentDictionary<(string, string), SdkInstrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (MeterNames.Contains(instrument.Meter.Name, StringComparer.Ordinal))
                {
                    var kind = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
                    found.TryAdd((instrument.Meter.Name, instrument.Name), new SdkInstrument(instrument.Meter.Name, instrument.Name, instrument.Unit, kind));
                }
            },
        };
        listener.Start(); // publishes the instruments that exist already (static meters touched by earlier tests)

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var created = new List<object>();
        foreach (var type in MetricsTypes())
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            if (!type.IsAbstract)
            {
                var constructor = type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                    .OrderByDescending(c => c.GetParameters().Length).First();
                created.Add(constructor.Invoke([.. constructor.GetParameters().Select(p => ArgumentFor(p.ParameterType, meterFactory))]));
            }

            foreach (var factory in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                         .Where(m => typeof(Instrument).IsAssignableFrom(m.ReturnType)
                                     && m.GetParameters() is [{ } only] && only.ParameterType == typeof(IMeterFactory)))
            {
                factory.Invoke(null, [meterFactory]);
            }
        }

        foreach (var disposable in created.OfType<IDisposable>()) disposable.Dispose();
        return [.. found.Values.OrderBy(i => i.Name, StringComparer.Ordinal)];
    }

    private static IEnumerable<Type> MetricsTypes() =>
        new[] { typeof(DifyClientTelemetry).Assembly, typeof(DifyDataTelemetry).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Namespace?.EndsWith(".Telemetry", StringComparison.Ordinal) == true
                        && t.Name.EndsWith("Metrics", StringComparison.Ordinal)
                        && !t.IsGenericTypeDefinition && !t.IsNested);

    private static object? ArgumentFor(Type type, IMeterFactory meterFactory)
    {
        if (type == typeof(IMeterFactory)) return meterFactory;
        if (type == typeof(string)) return "sentinel";
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            // A callback (e.g. the Postgres topology snapshot): one that returns nothing, so gauges observe no values.
            var invoke = type.GetMethod("Invoke")!;
            var parameters = invoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType)).ToArray();
            return Expression.Lambda(type, Expression.Default(invoke.ReturnType), parameters).Compile();
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
