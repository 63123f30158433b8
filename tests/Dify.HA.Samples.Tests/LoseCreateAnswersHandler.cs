namespace Dify.HA.Samples.Tests;

/// <summary>Lets the first <see cref="LostCreates.Budget"/> document creates reach Dify, then throws away the answer and
/// fails as a connection reset would: the document exists but the worker never heard so (an ambiguous failure of a
/// write). One handler per pipeline the factory builds; the budget is shared.</summary>
internal sealed class LoseCreateAnswersHandler(LostCreates lost) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post &&
            request.RequestUri!.AbsolutePath.EndsWith("/document/create-by-text", StringComparison.Ordinal) &&
            lost.TryTake())
        {
            response.Dispose();
            throw new HttpRequestException("The response ended prematurely (injected by the test).", new IOException("Connection reset by peer"));
        }

        return response;
    }
}

/// <summary>How many create answers to lose, and how many were lost.</summary>
internal sealed class LostCreates(int budget)
{
    private int _taken;

    public int Budget { get; } = budget;

    public int Lost => Math.Min(Volatile.Read(ref _taken), Budget);

    public bool TryTake() => Interlocked.Increment(ref _taken) <= Budget;
}
