using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dify.HA.WebApi.Tests.Browser;

/// <summary>The page in a real browser: Debian's headless Chromium, driven over the DevTools protocol.</summary>
[Trait("Category", "Browser")]
public sealed class ChatPageBrowserTests
{
    private const string Question = "How does failover work?";
    private const string Answer = "Requests go to the primary region; when it fails, the client retries in the backup region and the answer keeps streaming.";

    [Fact]
    public async Task Chat_page_renders_the_streamed_answer_token_by_token()
    {
        Assert.True(File.Exists(HeadlessChromium.ExecutablePath),
            $"Chromium is not installed at {HeadlessChromium.ExecutablePath}: run eng/browser/ensure-chromium (as root it installs Debian's chromium), " +
            "or set DIFYHA_CHROMIUM to a Chromium binary.");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        // 60 ms a token: about 1.2 s of streaming, long enough to see the answer grow.
        await using var harness = await WebApiHarness.StartAsync(new Dictionary<string, string> { [Question] = Answer }, tokenDelay: TimeSpan.FromMilliseconds(60));
        await using var chromium = await HeadlessChromium.StartAsync(ct);

        var page = await chromium.OpenPageAsync(harness.Web.Address, ct);
        Assert.True(await WebApiHarness.EventuallyAsync(
            async () => await chromium.EvaluateAsync(page, "document.readyState === 'complete' && !!document.getElementById('send')", ct) == "true",
            TimeSpan.FromSeconds(20)), "the chat page did not load");

        // Record the answer's text at every change, in the page itself, so seeing it grow does not depend on our polling.
        await chromium.EvaluateAsync(page,
            "window.__answerTexts = []; new MutationObserver(() => { const t = document.querySelector('.answer .text'); if (t) window.__answerTexts.push(t.textContent); })" +
            ".observe(document.getElementById('log'), { subtree: true, childList: true, characterData: true }); true", ct);

        // Type into the box and click Send with real input events.
        await chromium.EvaluateAsync(page, "document.getElementById('message').focus()", ct);
        await chromium.Cdp.SendAsync("Input.insertText", new JsonObject { ["text"] = Question }, page, ct);
        var box = JsonDocument.Parse((await chromium.EvaluateAsync(page,
            "JSON.stringify((r => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 }))(document.getElementById('send').getBoundingClientRect()))", ct))!).RootElement;
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
        {
            await chromium.Cdp.SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type, ["x"] = box.GetProperty("x").GetDouble(), ["y"] = box.GetProperty("y").GetDouble(),
                ["button"] = "left", ["clickCount"] = 1,
            }, page, ct);
        }

        // Poll the answer bubble until it is done.
        const string read = "JSON.stringify((a => a ? { state: a.dataset.state, text: a.querySelector('.text').textContent } : null)(document.querySelector('.answer')))";
        string? state = null, text = null;
        var done = await WebApiHarness.EventuallyAsync(async () =>
        {
            var json = await chromium.EvaluateAsync(page, read, ct);
            if (json is null or "null") return false;
            var answer = JsonDocument.Parse(json).RootElement;
            state = answer.GetProperty("state").GetString();
            text = answer.GetProperty("text").GetString();
            return state is "done" or "error";
        }, TimeSpan.FromSeconds(30));

        Assert.True(done, $"the answer did not finish: state {state}, text '{text}'");
        Assert.Equal("done", state);
        Assert.Equal(Answer, text);
        // Token by token: the page showed the answer growing, each time a prefix of it, before it was complete.
        var seen = JsonSerializer.Deserialize<string[]>((await chromium.EvaluateAsync(page, "JSON.stringify(window.__answerTexts)", ct))!)!;
        var partials = seen.Where(t => t.Length > 0 && t.Length < Answer.Length).Distinct().ToList();
        Assert.All(seen, t => Assert.True(Answer.StartsWith(t, StringComparison.Ordinal), $"unexpected partial '{t}'"));
        Assert.True(partials.Count >= 2, $"expected the answer to grow in steps, saw {partials.Count} partial texts");
        var question = await chromium.EvaluateAsync(page, "document.querySelector('.question').textContent", ct);
        Assert.Equal(Question, question);

        var screenshot = await chromium.Cdp.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, page, ct);
        var png = Convert.FromBase64String(screenshot.GetProperty("data").GetString()!);
        var path = Path.Combine(RepoRoot(), "artifacts", "screenshots", "webapi-chat.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, png, ct);
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "the screenshot is not a PNG");
    }

    private static string RepoRoot() =>
        typeof(ChatPageBrowserTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value
        ?? throw new InvalidOperationException("RepoRoot metadata missing from the test assembly.");
}
