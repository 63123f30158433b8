using BenchmarkDotNet.Running;

// Run one suite with e.g. `dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *Sse*`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
