namespace Dify.HA.Benchmarks.Tasks.InMemory;

/// <summary>A small task payload.</summary>
public sealed record BenchPayload(string DocumentId, int Number);
