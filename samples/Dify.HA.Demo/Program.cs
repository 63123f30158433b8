// The README's main job: `dotnet run --project samples/Dify.HA.Demo` shows regional failover live, in about a
// minute, with nothing installed: three emulated Dify regions in-process, a steady mixed load through the HA client,
// a scripted outage, then the same against a plain HttpClient and a side-by-side summary. See docs/demo.md.
using Dify.HA.Demo;
using Spectre.Console;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // finish cleanly: heal, stop the emulators, print what was measured
    stop.Cancel();
};

var outcome = await DemoApp.RunAsync(args, AnsiConsole.Console, Console.Out, Console.Error, cancellationToken: stop.Token);
return outcome.ExitCode;
