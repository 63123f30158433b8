namespace Dify.HA.WorkerService;

/// <summary>Where the worker talks to Dify (for logs: the key is never kept here).</summary>
/// <param name="BaseUrl">The client's base URL.</param>
/// <param name="Embedded">True when the Dify emulator was started in-process because none was configured.</param>
public sealed record DifyTarget(Uri BaseUrl, bool Embedded);
