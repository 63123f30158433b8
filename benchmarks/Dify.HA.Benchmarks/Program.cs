using BenchmarkDotNet.Running;
using Dify.HA.Benchmarks.Streaming;

// Run one suite with e.g. `dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *Sse*`.
// `-- --sse-interleaved` runs the stream-parser comparison in rotating order instead (robust on a loaded machine).
if (args is ["--sse-interleaved", ..])
{
    SseInterleavedComparison.Run(Console.Out, 150);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
