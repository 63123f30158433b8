using Dify.HA.Chaos.Load;

namespace Dify.HA.Chaos.Clients;

/// <summary>
/// The innermost delegating handler of every client: counts each HTTP attempt (also the ones refused before reaching a
/// server, which the emulator cannot count) and notes which endpoint answered with 2xx headers.
/// </summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    private readonly ClientCounters _counters;

    public RecordingHandler(ClientCounters counters) => _counters = counters;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _counters.OnAttempt();
        var context = CallContext.Current;
        context?.OnAttempt();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && request.RequestUri is { } uri)
            context?.OnServed(uri.Port);
        return response;
    }
}
