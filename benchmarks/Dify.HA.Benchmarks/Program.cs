using BenchmarkDotNet.Running;
using Dify.HA.Benchmarks.Streaming;

// Run one suite with e.g. `dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *Sse*`.
// `-- --sse-interleaved` runs the stream-parser comparison in rotating order instead (robust on a loaded machine).
if (args is ["--sse-interleaved", ..])
{
    SseInterleavedComparison.Run(Console.Out, 150);
    return;
}

// `-- --pipeline-interleaved` runs the pipeline overhead comparison in rotating order (robust on a loaded machine).
if (args is ["--pipeline-interleaved", ..])
{
    Dify.HA.Benchmarks.Pipeline.PipelineInterleavedComparison.Run(Console.Out, 200);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
