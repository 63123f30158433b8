using System.Diagnostics;
using System.Globalization;

namespace Dify.HA.Benchmarks.Streaming;

/// <summary>
/// A cross-check of <see cref="SseParserBenchmarks"/> for busy machines: each round runs every variant once, in
/// rotating order, so that load drifting over minutes hits all variants alike; per variant the minimum (the least
/// disturbed run) and the median of the rounds are reported, with ratios to the baseline.
/// </summary>
/// <remarks>
/// Run it from <c>Program.cs</c> with
/// <c>if (args is ["--sse-interleaved", ..]) { SseInterleavedComparison.Run(Console.Out, 150); return; }</c>.
/// </remarks>
public static class SseInterleavedComparison
{
    public static void Run(TextWriter output, int rounds)
    {
        ArgumentNullException.ThrowIfNull(output);
        string[] names = ["Baseline_SseParser_StjPolymorphic", "SseParser_DifyDecoder", "DifySseReader", "Floor_DecodeOnly"];
        foreach (var stream in new[] { "chat", "workflow" })
        {
            foreach (var readSize in new[] { 1460, 65536 })
            {
                var b = new SseParserBenchmarks { Stream = stream, ReadSize = readSize };
                b.Setup();
                Func<int>[] run =
                [
                    () => b.Baseline_SseParser_StjPolymorphic().AsTask().GetAwaiter().GetResult(),
                    () => b.SseParser_DifyDecoder().AsTask().GetAwaiter().GetResult(),
                    () => b.DifySseReader().AsTask().GetAwaiter().GetResult(),
                    b.Floor_DecodeOnly,
                ];
                for (var w = 0; w < 30; w++)
                {
                    foreach (var r in run) r(); // past tiered JIT
                }

                var times = names.Select(_ => new List<double>()).ToArray();
                for (var i = 0; i < rounds; i++)
                {
                    for (var k = 0; k < run.Length; k++)
                    {
                        var v = (i + k) % run.Length;
                        var sw = Stopwatch.StartNew();
                        run[v]();
                        times[v].Add(sw.Elapsed.TotalMilliseconds);
                    }
                }

                // Allocation per stream, exact: everything here completes synchronously on this thread.
                var allocated = run.Select(r =>
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    r();
                    return GC.GetAllocatedBytesForCurrentThread() - before;
                }).ToArray();

                var min = times.Select(t => t.Min()).ToArray();
                var median = times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stream}, {readSize}-byte reads, {rounds} rounds"));
                for (var v = 0; v < names.Length; v++)
                {
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  {names[v],-34} min {min[v],7:0.000} ms  median {median[v],7:0.000} ms  time ratio (min) {min[v] / min[0]:0.00}  (median) {median[v] / median[0]:0.00}  allocated {allocated[v],9:N0} B = {allocated[v] / 2000.0,6:0.0} B/event, {(allocated[v] - allocated[3]) / 2000.0,5:0.0} B/event above the floor"));
                }
            }
        }
    }
}
