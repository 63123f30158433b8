using System.Diagnostics;
using System.Globalization;

namespace Dify.HA.Benchmarks.Pipeline;

/// <summary>
/// A cross-check of <see cref="PipelineOverheadBenchmarks"/> for busy machines: each round runs a batch of calls of
/// every variant, in rotating order, so that load drifting over minutes hits all variants alike. Per variant: the
/// minimum and the median per-call time over the rounds, the overhead over the baseline (median − baseline median),
/// and the bytes allocated per call (process-wide counter over a batch, so async continuations on other threads count).
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --pipeline-interleaved</c>.</remarks>
public static class PipelineInterleavedComparison
{
    public static void Run(TextWriter output, int rounds, int callsPerBatch = 500)
    {
        ArgumentNullException.ThrowIfNull(output);
        var b = new PipelineOverheadBenchmarks();
        b.Setup();
        try
        {
            string[] names = ["plain HttpClient + Dify models (baseline)", "AddStandardResilienceHandler + Dify models", "IDifyClient.Chat.SendAsync", "plain HttpClient + 4-field JSON", "IDifyClient.Chat.SendAsync, 2 regions"];
            Func<Task<string?>>[] run = [b.Plain, b.Standard, b.DifyHa, b.PlainMinimal, b.DifyHaTwoRegions];
            for (var w = 0; w < 200; w++)
            {
                foreach (var r in run) r().GetAwaiter().GetResult(); // past tiered JIT
            }

            var times = names.Select(_ => new List<double>()).ToArray();
            var bytes = names.Select(_ => new List<double>()).ToArray();
            for (var i = 0; i < rounds; i++)
            {
                for (var k = 0; k < run.Length; k++)
                {
                    var v = (i + k) % run.Length;
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    var sw = Stopwatch.StartNew();
                    for (var c = 0; c < callsPerBatch; c++)
                        run[v]().GetAwaiter().GetResult();
                    times[v].Add(sw.Elapsed.TotalMicroseconds / callsPerBatch);
                    bytes[v].Add((double)(GC.GetTotalAllocatedBytes(precise: true) - before) / callsPerBatch);
                }
            }

            var median = times.Select(Median).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds × {callsPerBatch} calls, rotating order"));
            output.WriteLine("| variant | min µs/call | median µs/call | overhead µs (median − baseline) | bytes/call | extra bytes/call |");
            output.WriteLine("|---|---:|---:|---:|---:|---:|");
            var baseBytes = Median(bytes[0]);
            for (var v = 0; v < run.Length; v++)
            {
                var allocated = Median(bytes[v]);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {names[v]} | {times[v].Min():0.00} | {median[v]:0.00} | {median[v] - median[0]:0.00} | {allocated:0} | {allocated - baseBytes:0} |"));
            }

            var ours = median[2] - median[0];
            var standard = median[1] - median[0];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"our overhead / standard handler's overhead = {(standard > 0 ? ours / standard : double.NaN):0.00} (target ≤ 0.5); 2 regions: {(standard > 0 ? (median[4] - median[0]) / standard : double.NaN):0.00}"));
        }
        finally
        {
            b.Cleanup();
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
