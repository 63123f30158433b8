using Dify.HA.Testing.Generation;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Hosting;

/// <summary>
/// Writes a run's events to one HTTP response with Dify's exact framing: <c>data: {compact JSON}\n\n</c> per event and
/// <c>event: ping\n\n</c> after each ping interval of idle time; nothing else (no <c>id:</c>, <c>retry:</c> or <c>[DONE]</c>).
/// The stream faults (slow, cut, black hole) act here.
/// </summary>
internal static class SseWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Ping = "event: ping\n\n"u8.ToArray();

    public static void WriteHeaders(HttpContext http)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <param name="http">The response to write.</param>
    /// <param name="context">The instance.</param>
    /// <param name="run">The run to follow.</param>
    /// <param name="pingFirst">Send one ping before the first event (workflow apps do).</param>
    /// <param name="replay">A re-attach: skip pause events the run has left.</param>
    /// <param name="continueOnPause">Keep the stream open while the run is paused (re-attach option).</param>
    public static async Task StreamAsync(HttpContext http, EmulatorContext context, GenerationRun run, bool pingFirst, bool replay, bool continueOnPause)
    {
        var aborted = http.RequestAborted;
        var body = http.Response.Body;
        context.Stats.OnStreamOpened();
        try
        {
            WriteHeaders(http);
            await http.Response.StartAsync(aborted).ConfigureAwait(false);
            if (pingFirst)
                await WritePingAsync(body, context, aborted).ConfigureAwait(false);
            else
                await body.FlushAsync(aborted).ConfigureAwait(false);

            var next = 0;
            var written = 0;
            while (true)
            {
                var (events, state, changed) = run.Read(next);
                foreach (var ev in events)
                {
                    next++;
                    if (replay && ev.Superseded)
                        continue;

                    if (context.Faults.BlackHoleRelease is { } hole)
                    {
                        // The instance went dark mid-stream: write nothing more until the caller gives up or it heals.
                        context.Stats.OnFault();
                        await HoldAsync(hole, aborted).ConfigureAwait(false);
                        http.Abort();
                        return;
                    }

                    var gap = context.Faults.SlowStreamGap;
                    if (gap > TimeSpan.Zero)
                        await Task.Delay(gap, context.Time, aborted).ConfigureAwait(false);

                    var cut = context.Faults.CutAfterEventsValue;
                    if (cut >= 0 && written >= cut)
                    {
                        context.Stats.OnFault();
                        await ConnectionCutter.CutAsync(http).ConfigureAwait(false);
                        return;
                    }

                    await body.WriteAsync(DataPrefix, aborted).ConfigureAwait(false);
                    await body.WriteAsync(ev.Utf8Json, aborted).ConfigureAwait(false);
                    await body.WriteAsync(FrameEnd, aborted).ConfigureAwait(false);
                    await body.FlushAsync(aborted).ConfigureAwait(false);
                    written++;
                }

                if (events.Length > 0)
                    continue;
                if (state == RunState.Done || (state == RunState.Paused && !continueOnPause))
                    return;

                // Idle: wait for the next event, or ping when the interval passes first.
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                var timer = Task.Delay(context.Options.PingInterval, context.Time, idle.Token);
                var first = await Task.WhenAny(changed, timer).ConfigureAwait(false);
                await idle.CancelAsync().ConfigureAwait(false);
                aborted.ThrowIfCancellationRequested();
                if (first == timer)
                    await WritePingAsync(body, context, aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The caller went away; the run goes on in the background as in Dify.
        }
        finally
        {
            context.Stats.OnStreamClosed();
        }
    }

    private static async Task WritePingAsync(Stream body, EmulatorContext context, CancellationToken aborted)
    {
        await body.WriteAsync(Ping, aborted).ConfigureAwait(false);
        await body.FlushAsync(aborted).ConfigureAwait(false);
        context.Stats.OnPing();
    }

    internal static async Task HoldAsync(Task released, CancellationToken aborted)
    {
        try
        {
            await released.WaitAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Released by Heal() or by the caller giving up: either way the connection is aborted next.
        }
    }
}
