using System.Runtime.InteropServices;
using Dify.HA.Emulator;
using Dify.HA.Testing;

var (line, error) = EmulatorCommandLine.Parse(args);
if (line is null)
{
    await Console.Error.WriteLineAsync($"dify-emulator: {error}").ConfigureAwait(false);
    return 2;
}

if (line.Help)
{
    Console.WriteLine(EmulatorCommandLine.Usage);
    return 0;
}

DifyEmulatorOptions options;
try
{
    options = line.ToOptions();
}
catch (FormatException ex)
{
    await Console.Error.WriteLineAsync($"dify-emulator: {ex.Message}").ConfigureAwait(false);
    return 2;
}

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    // Handle the signal ourselves so the emulator is disposed and the exit code is 0.
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

var emulator = await DifyEmulator.StartAsync(options).ConfigureAwait(false);
await using var emulatorScope = emulator.ConfigureAwait(false);
foreach (var fault in line.Faults)
    fault(emulator.Faults);

Console.WriteLine($"Dify emulator '{emulator.Name}' listening: API base {emulator.BaseUrl}, health {emulator.RootUrl}health");
Console.WriteLine("Apps (API key -> mode):");
foreach (var app in emulator.Apps)
    Console.WriteLine($"  {app.ApiKey,-20} {EmulatorApp.ModeName(app.Mode)}");
Console.WriteLine("Knowledge API keys (dataset keys):");
foreach (var key in emulator.DatasetApiKeys)
    Console.WriteLine($"  {key}");
Console.WriteLine(line.FaultTexts.Count == 0 ? "Faults: none" : "Faults: " + string.Join(", ", line.FaultTexts));
Console.WriteLine("Press Ctrl+C to stop.");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM: fall through to a clean shutdown.
}

Console.WriteLine("Stopping.");
return 0;
