using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Dify.HA.WebApi.Tests.Browser;

/// <summary>
/// Debian's Chromium started headless with a fresh profile and <c>--remote-debugging-port=0</c>; the port it chose is
/// read from <c>DevToolsActivePort</c> in the profile folder. Disposing kills the process we started (by its PID, with
/// its children) and deletes the profile.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;

    private HeadlessChromium(Process process, string profile, CdpConnection cdp)
    {
        _process = process;
        _profile = profile;
        Cdp = cdp;
    }

    public CdpConnection Cdp { get; }

    public int ProcessId => _process.Id;

    /// <summary>The browser's path: <c>DIFYHA_CHROMIUM</c> or <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("DIFYHA_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("dha-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Without the background-networking flags Chromium keeps trying Google's hosts, which this closed network refuses.
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=900,700",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "--user-data-dir=" + profile, "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{ExecutablePath} did not start.");
        // Drain its output so a chatty browser never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var activePort = Path.Combine(profile, "DevToolsActivePort");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string[] lines = [];
            while (lines.Length < 2)
            {
                if (process.HasExited) throw new InvalidOperationException($"{ExecutablePath} exited with code {process.ExitCode} before opening its DevTools port.");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{ExecutablePath} wrote no DevToolsActivePort within 30 s.");
                if (File.Exists(activePort)) lines = (await File.ReadAllLinesAsync(activePort, cancellationToken)).Where(l => l.Length > 0).ToArray();
                if (lines.Length < 2) await Task.Delay(50, cancellationToken);
            }
            var port = int.Parse(lines[0], CultureInfo.InvariantCulture);
            var cdp = await CdpConnection.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{lines[1]}"), cancellationToken);
            return new HeadlessChromium(process, profile, cdp);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            TryDelete(profile);
            throw;
        }
    }

    /// <summary>Opens a new tab on <paramref name="url"/> and attaches to it; returns its session id.</summary>
    public async Task<string> OpenPageAsync(Uri url, CancellationToken cancellationToken)
    {
        var target = await Cdp.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, cancellationToken: cancellationToken);
        var attached = await Cdp.SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, cancellationToken: cancellationToken);
        var session = attached.GetProperty("sessionId").GetString()!;
        await Cdp.SendAsync("Page.enable", sessionId: session, cancellationToken: cancellationToken);
        await Cdp.SendAsync("Runtime.enable", sessionId: session, cancellationToken: cancellationToken);
        await Cdp.SendAsync("Emulation.setDeviceMetricsOverride",
            new JsonObject { ["width"] = 900, ["height"] = 700, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session, cancellationToken);
        await Cdp.SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, session, cancellationToken);
        return session;
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as a string (null for null).</summary>
    public async Task<string?> EvaluateAsync(string session, string expression, CancellationToken cancellationToken)
    {
        var result = await Cdp.SendAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, session, cancellationToken);
        if (result.TryGetProperty("exceptionDetails", out var exception))
            throw new InvalidOperationException($"The page threw: {exception}");
        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var v) ? (v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cdp.DisposeAsync();
        }
        finally
        {
            Kill(_process);
            _process.Dispose();
            TryDelete(_profile);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A crash-reporter file may linger a moment; the temp folder is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
