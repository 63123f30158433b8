using Dify.HA.TaskWorker.TestHost;
using Microsoft.Extensions.Hosting;

// The child worker of the SIGKILL test: takes a task, performs its effect, blocks until killed.
KillTestHandler.BlockAfterEffect = true;
var settings = KillTestSettings.FromEnvironment();
using var host = KillTestWorker.Build(settings, new KillTestReport { ToStdout = true }, $"child-{Environment.ProcessId}");
Console.Out.WriteLine($"READY {Environment.ProcessId}");
Console.Out.Flush();
await host.RunAsync();
