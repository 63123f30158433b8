using System.Text;
using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Tests.Support;

/// <summary>
/// Reads an SSE response frame by frame in the background, keeping the exact bytes, so tests can assert on framing
/// and act while the stream is still open (stop it, wait for a ping).
/// </summary>
internal sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly List<string> _frames = [];
    private readonly MemoryStream _raw = new();
    private readonly Task _pump;
    private readonly CancellationTokenSource _cancel = new();

    private SseStream(HttpResponseMessage response)
    {
        _response = response;
        _pump = Task.Run(PumpAsync);
    }

    public Exception? Error { get; private set; }

    public bool Completed => _pump.IsCompleted;

    public static async Task<SseStream> OpenAsync(HttpClient client, string path, JsonNode body)
    {
        var response = await Http.PostAsync(client, path, body, stream: true);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString());
        return new SseStream(response);
    }

    public static async Task<SseStream> OpenGetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        return new SseStream(response);
    }

    public IReadOnlyList<string> Frames
    {
        get { lock (_frames) { return [.. _frames]; } }
    }

    public IReadOnlyList<JsonObject> Events =>
        [.. Frames.Where(f => f.StartsWith("data: ", StringComparison.Ordinal)).Select(f => JsonNode.Parse(f["data: ".Length..])!.AsObject())];

    public byte[] RawBytes
    {
        get { lock (_frames) { return _raw.ToArray(); } }
    }

    public int PingCount => Frames.Count(f => f == "event: ping");

    public async Task CompletionAsync(int timeoutMs = 15_000)
    {
        await _pump.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));
    }

    public Task WaitForAsync(Func<SseStream, bool> condition, string what, int timeoutMs = 10_000) =>
        Http.WaitUntilAsync(() => condition(this), what, timeoutMs);

    private async Task PumpAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_cancel.Token);
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            int read;
            while ((read = await body.ReadAsync(buffer, _cancel.Token)) > 0)
            {
                lock (_frames)
                {
                    _raw.Write(buffer, 0, read);
                    pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
                    var text = pending.ToString();
                    int end;
                    while ((end = text.IndexOf("\n\n", StringComparison.Ordinal)) >= 0)
                    {
                        _frames.Add(text[..end]);
                        text = text[(end + 2)..];
                    }

                    pending.Clear().Append(text);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            Error = ex;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        _response.Dispose();
        _cancel.Dispose();
        _raw.Dispose();
    }
}
