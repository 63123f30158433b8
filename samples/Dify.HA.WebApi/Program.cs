// A chat page over Dify.HA: POST /api/chat relays Dify's answer stream to the browser as server-sent events, /healthz
// and /livez are Kubernetes probes, /metrics is a Prometheus scrape endpoint, SIGTERM drains before stopping.
// With no Dify configured it starts the Dify emulator in-process (two regions), so `dotnet run` works anywhere.
// See docs/webapi.md.
using Dify.HA.WebApi.Hosting;
using Microsoft.Extensions.Options;

try
{
    await using var web = await WebApiApp.CreateAsync(args);
    await web.App.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A configuration mistake: the message names the key and the fix (and never holds a secret).
    await Console.Error.WriteLineAsync($"Configuration error: {e.Message}");
    return 2;
}
